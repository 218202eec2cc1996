package dev.hangar.context.broker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The well-known provided datum {@value #KEY}: a VM's SSH host public key as one OpenSSH public key
 * line, {@code <type> <base64>} with an optional comment after a space, where the type is one of
 * {@link #TYPES} and the base64 is the key blob in SSH wire format, which itself starts with the
 * same type name. Peers turn it into {@code known_hosts} lines.
 */
public final class SshHostKey {
  /** The key under which a VM provides its host key. */
  public static final String KEY = "ssh-host-key";

  /** The host key types the broker accepts. */
  public static final List<String> TYPES = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa");

  private static final String EXPECTED =
      "must be one OpenSSH public key line '<type> <base64>' with type " + String.join(", ", TYPES);

  private SshHostKey() {}

  /**
   * Checks {@code value} as a host key line.
   *
   * @throws InvalidBrokerDataException naming {@code field} and saying what is wrong
   */
  public static void check(String field, String value) {
    String[] parts = value.split(" ", 3);
    if (parts.length < 2 || !TYPES.contains(parts[0])) {
      throw new InvalidBrokerDataException(field, EXPECTED);
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new InvalidBrokerDataException(field, EXPECTED + "; the key is not valid base64");
    }
    if (!parts[0].equals(blobType(blob))) {
      throw new InvalidBrokerDataException(
          field, EXPECTED + "; the key blob is not a " + parts[0] + " key");
    }
    if (parts.length == 3 && parts[2].isBlank()) {
      throw new InvalidBrokerDataException(field, EXPECTED + "; it ends in a space");
    }
  }

  /** The type name a wire-format key blob starts with (uint32 length, ASCII name), or null. */
  private static String blobType(byte[] blob) {
    if (blob.length < 4) {
      return null;
    }
    int length = ByteBuffer.wrap(blob, 0, 4).getInt();
    if (length <= 0 || length > blob.length - 4) {
      return null;
    }
    return new String(blob, 4, length, StandardCharsets.US_ASCII);
  }
}
