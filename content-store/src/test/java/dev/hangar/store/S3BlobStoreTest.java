package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S3BlobStoreTest extends BlobStoreContractTest {

  private static S3ProxyServer server;
  private final List<S3BlobStore> opened = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected BlobStore newStore() {
    return open(server.config("test-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  private S3BlobStore open(S3Config config) {
    S3BlobStore s3 = new S3BlobStore(config);
    opened.add(s3);
    return s3;
  }

  @AfterEach
  void closeClients() {
    opened.forEach(S3BlobStore::close);
  }

  @Test
  void createsMissingBucketAndReusesExistingOne() {
    put("kept", new byte[] {1});
    S3Config config = ((S3BlobStore) store).config();
    S3BlobStore again = open(config);
    assertEquals(List.of("kept"), again.list(""));
  }

  @Test
  void wrongCredentialsFailPermanently() {
    S3Config config = ((S3BlobStore) store).config();
    S3Config wrong =
        new S3Config(
            config.endpoint(), config.region(), config.bucket(), config.accessKey(), "bad");
    BlobStoreException e = assertThrows(BlobStoreException.class, () -> open(wrong));
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("AccessDenied"), e.getMessage());
    assertFalse(e.getMessage().contains(server.secretKey()));
  }

  @Test
  void clientErrorOnObjectFailsPermanentlyNamingTheKey() throws Exception {
    S3Config config = ((S3BlobStore) store).config();
    try (MinioClient admin =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .build()) {
      admin.removeBucket(RemoveBucketArgs.builder().bucket(config.bucket()).build());
    }
    BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.get("some/key"));
    assertFalse(e instanceof BlobNotFoundException, e.getMessage());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("some/key"), e.getMessage());
    assertTrue(e.getMessage().contains("NoSuchBucket"), e.getMessage());
  }

  @Test
  void unreachableEndpointIsRetryable() {
    S3Config dead =
        new S3Config("http://127.0.0.1:1", "us-east-1", "bucket", "access", "secret-value");
    BlobStoreException e = assertThrows(BlobStoreException.class, () -> new S3BlobStore(dead));
    assertTrue(e.retryable(), e.getMessage());
  }

  @Test
  void configToStringHidesTheSecret() {
    S3Config config = server.config("bucket");
    assertFalse(config.toString().contains(server.secretKey()));
    assertTrue(config.toString().contains(server.accessKey()));
  }
}
