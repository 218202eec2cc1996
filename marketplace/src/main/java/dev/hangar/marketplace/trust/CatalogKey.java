package dev.hangar.marketplace.trust;

import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.PublisherKey;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;

/**
 * The marketplace's own Ed25519 key, which signs the catalog snapshot and timestamp. Generated on
 * first start into {@code hangar.trust.catalog-key-file} (mode 0600, private and public PEM block);
 * deployers pin its public half ({@code GET /api/v1/trust/catalog-key}). The private key is never
 * logged or served.
 */
@ApplicationScoped
public class CatalogKey {
  /**
   * The keyring publisher name of the catalog key. Catalog publisher names cannot contain a dot, so
   * no real publisher can own a key under this name.
   */
  public static final String KEYRING_NAME = "hangar.catalog";

  private final SigningKey key;

  public CatalogKey(HangarConfig config) {
    this.key = loadOrCreate(config.trust().catalogKeyFile());
  }

  /** The signing key. */
  SigningKey signingKey() {
    return key;
  }

  /** The key id of the public key. */
  public String keyId() {
    return key.keyId();
  }

  /** The public key as PEM {@code PUBLIC KEY}. */
  public String publicKeyPem() {
    return Pem.writePublicKey(key.publicKey());
  }

  /** The public key as a keyring entry under {@link #KEYRING_NAME}, valid since the epoch. */
  public PublisherKey asKeyringKey() {
    return new PublisherKey(KEYRING_NAME, key.publicKey(), Instant.EPOCH, null);
  }

  private static SigningKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        KeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".catalog-key", ".tmp");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(
            tmp,
            Pem.writePrivateKey(pair.getPrivate()) + Pem.writePublicKey(pair.getPublic()),
            StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file);
      }
      String pem = Files.readString(file);
      return new SigningKey(Pem.readPrivateKey(pem), Pem.readPublicKey(pem), java.util.List.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create catalog key " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("catalog key " + file + " is not a PEM key pair", e);
    }
  }
}
