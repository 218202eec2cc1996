package dev.hangar.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable SHA-256 digest whose text form is {@code sha256:<64 lowercase hex digits>}.
 *
 * <p>Instances never share their byte array with callers (inputs and outputs are copied), and
 * {@link #equals(Object)} compares in constant time so that comparing a client-supplied digest with
 * a stored one leaks no timing information.
 */
public final class Digest implements Comparable<Digest> {

  /** Prefix of the text form. */
  public static final String PREFIX = "sha256:";

  /** Length of a SHA-256 digest in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();
  private static final int STREAM_BUFFER = 64 * 1024;

  private final byte[] bytes;

  private Digest(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Parses the text form {@code sha256:<64 lowercase hex>}.
   *
   * @throws IllegalArgumentException if {@code text} has another prefix, length or alphabet
   */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.startsWith(PREFIX) || text.length() != PREFIX.length() + 2 * LENGTH) {
      throw new IllegalArgumentException("not a sha256:<64 hex> digest: " + abbreviate(text));
    }
    for (int i = PREFIX.length(); i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException(
            "digest must use lowercase hex digits only: " + abbreviate(text));
      }
    }
    return new Digest(HEX.parseHex(text, PREFIX.length(), text.length()));
  }

  /**
   * Wraps 32 raw digest bytes (a copy is kept).
   *
   * @throws IllegalArgumentException unless {@code sha256} holds exactly 32 bytes
   */
  public static Digest fromBytes(byte[] sha256) {
    if (sha256.length != LENGTH) {
      throw new IllegalArgumentException("SHA-256 digest needs 32 bytes, got " + sha256.length);
    }
    return new Digest(sha256.clone());
  }

  /** Returns the SHA-256 digest of {@code data}. */
  public static Digest of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** Returns the SHA-256 digest of {@code length} bytes of {@code data} starting at offset. */
  public static Digest of(byte[] data, int offset, int length) {
    MessageDigest md = newSha256();
    md.update(data, offset, length);
    return new Digest(md.digest());
  }

  /** Returns the SHA-256 digest of everything remaining in {@code in}; does not close it. */
  public static Digest hash(InputStream in) throws IOException {
    MessageDigest md = newSha256();
    byte[] buffer = new byte[STREAM_BUFFER];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      md.update(buffer, 0, n);
    }
    return new Digest(md.digest());
  }

  /** Returns the digest a finished {@link MessageDigest} produced (it must be SHA-256). */
  public static Digest finish(MessageDigest sha256) {
    return fromBytes(sha256.digest());
  }

  /** Returns a fresh SHA-256 {@link MessageDigest}; every Java platform must provide one. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JVM lacks mandatory SHA-256", e);
    }
  }

  /** Returns a copy of the 32 digest bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns the 64 lowercase hex digits without the {@code sha256:} prefix. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** Returns the text form {@code sha256:<hex>}, accepted by {@link #parse(String)}. */
  @Override
  public String toString() {
    return PREFIX + hex();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    // The bytes are uniformly distributed already, so any four of them make a good hash.
    return (bytes[0] & 0xff) << 24
        | (bytes[1] & 0xff) << 16
        | (bytes[2] & 0xff) << 8
        | (bytes[3] & 0xff);
  }

  /** Orders digests by their unsigned bytes, which matches the order of their text forms. */
  @Override
  public int compareTo(Digest other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
