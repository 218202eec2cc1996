package dev.hangar.marketplace.context;

import dev.hangar.context.SecretCipher;
import dev.hangar.marketplace.config.HangarConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The key sealing secret context parameters: {@code hangar.context.secret-key}, or the key file,
 * created with mode 0600 on first start. The key itself is never logged.
 */
@ApplicationScoped
public class SecretKeyProducer {
  private static final Logger LOG = Logger.getLogger(SecretKeyProducer.class);

  @Produces
  @Singleton
  SecretCipher secretCipher(HangarConfig config) {
    HangarConfig.Context context = config.context();
    if (context.secretKey().isPresent()) {
      return new SecretCipher(decode(context.secretKey().get(), "hangar.context.secret-key"));
    }
    Path file = context.secretKeyFile();
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return new SecretCipher(decode(Files.readString(file).trim(), file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secret key file " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    String key = Base64.getEncoder().encodeToString(SecretCipher.newKey()) + "\n";
    try {
      // Created 0600 from the start, so the key is never readable by others, not even briefly.
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, key, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
      LOG.infof("generated a new secret key for context parameters in %s", file);
    } catch (FileAlreadyExistsException e) {
      // Another instance created it first; use theirs.
    }
  }

  private static byte[] decode(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(source + " is not base64");
    }
    if (key.length != 32) {
      throw new IllegalStateException(source + " must hold 32 bytes (AES-256), base64-encoded");
    }
    return key;
  }
}
