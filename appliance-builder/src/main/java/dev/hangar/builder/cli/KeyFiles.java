package dev.hangar.builder.cli;

import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/**
 * Key files of {@code hangar keys generate}: {@code <key>} holds the PKCS#8 {@code PRIVATE KEY} and
 * the {@code PUBLIC KEY} PEM blocks (mode 0600, created so, never readable by others), {@code
 * <key>.pub} only the public key (mode 0644, to register and share).
 */
final class KeyFiles {
  private KeyFiles() {}

  /** Writes both files; refuses to replace existing ones unless {@code force}. */
  static void write(Path key, KeyPair pair, boolean force) throws IOException {
    Path pub = publicFile(key);
    if (!force && (Files.exists(key) || Files.exists(pub))) {
      throw new CliException(
          ExitCodes.USAGE, key + " or " + pub + " exists; pass --force to replace it");
    }
    String publicPem = Pem.writePublicKey(pair.getPublic());
    Files.deleteIfExists(key);
    try {
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new CliException(ExitCodes.USAGE, key + " appeared meanwhile; not replacing it");
    }
    Files.writeString(
        key,
        Pem.writePrivateKey(pair.getPrivate()) + publicPem,
        StandardCharsets.US_ASCII,
        StandardOpenOption.TRUNCATE_EXISTING);
    Files.writeString(pub, publicPem, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-r--r--"));
  }

  static Path publicFile(Path key) {
    return key.resolveSibling(key.getFileName() + ".pub");
  }

  /**
   * Reads a signing key: the private key from {@code file} and its public key from the same file or
   * else from {@code file.pub}; checks that the two belong together.
   */
  static SigningKey readSigningKey(Path file) {
    String text = read(file);
    try {
      PrivateKey privateKey = Pem.readPrivateKey(text);
      PublicKey publicKey;
      if (text.contains("-----BEGIN PUBLIC KEY-----")) {
        publicKey = Pem.readPublicKey(text);
      } else {
        publicKey = Pem.readPublicKey(read(publicFile(file)));
      }
      SigningKey key = new SigningKey(privateKey, publicKey, List.of());
      byte[] probe = "hangar key check".getBytes(StandardCharsets.US_ASCII);
      SignatureAlgorithm algorithm = key.algorithm();
      if (!algorithm.verify(publicKey, probe, algorithm.sign(privateKey, probe))) {
        throw new CliException(
            ExitCodes.USAGE, "the public key in " + file + " does not match its private key");
      }
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.USAGE, file + " is not an Ed25519 or P-256 key: " + e.getMessage());
    }
  }

  /** Reads the single {@code PUBLIC KEY} block of {@code file} (a .pub or a hangar key file). */
  static PublicKey readPublicKey(Path file) {
    try {
      return Pem.readPublicKey(read(file));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.USAGE, file + " holds no Ed25519 or P-256 PUBLIC KEY: " + e.getMessage());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
