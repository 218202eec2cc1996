package dev.hangar.marketplace.blob;

import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.store.BlobStore;
import dev.hangar.store.ContentStore;
import dev.hangar.store.FileBlobStore;
import dev.hangar.store.S3BlobStore;
import dev.hangar.store.S3Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the one content store the service uses, on the backend the configuration names. */
@ApplicationScoped
public class StoreProducer {

  @Produces
  @Singleton
  ContentStore contentStore(HangarConfig config) {
    return new ContentStore(blobStore(config.store()));
  }

  private static BlobStore blobStore(HangarConfig.Store store) {
    return switch (store.type()) {
      case "filesystem" -> new FileBlobStore(store.path().toAbsolutePath());
      case "s3" -> {
        HangarConfig.S3 s3 = store.s3();
        yield new S3BlobStore(
            new S3Config(
                s3.endpoint().orElseThrow(() -> missing("endpoint")),
                s3.region(),
                s3.bucket(),
                s3.accessKey().orElseThrow(() -> missing("access-key")),
                s3.secretKey().orElseThrow(() -> missing("secret-key"))));
      }
      default ->
          throw new IllegalStateException(
              "hangar.store.type must be 'filesystem' or 's3', not '" + store.type() + "'");
    };
  }

  private static IllegalStateException missing(String key) {
    return new IllegalStateException("hangar.store.type=s3 needs hangar.store.s3." + key);
  }
}
