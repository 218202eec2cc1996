package dev.hangar.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link BlobStore} in one S3 bucket, accessed with the MinIO client; the bucket is created on
 * construction if missing.
 *
 * <p>Error mapping: {@code NoSuchKey} becomes {@link BlobNotFoundException}; HTTP 5xx, 429,
 * throttling codes, malformed responses and network {@link IOException}s are retryable; other HTTP
 * 4xx errors and a caller stream that ends early are permanent. Messages name bucket and key. S3
 * PUTs (single or multipart) become visible atomically, which gives {@link #put} its all-or-nothing
 * guarantee.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(S3BlobStore.class.getName());
  private static final Set<String> RETRYABLE_CODES =
      Set.of("SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "Throttling");

  private final MinioClient client;
  private final S3Config config;

  /**
   * Connects to the service and ensures the bucket exists.
   *
   * @throws BlobStoreException if the bucket cannot be checked or created
   */
  public S3BlobStore(S3Config config) {
    this.config = config;
    this.client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .region(config.region())
            .credentials(config.accessKey(), config.secretKey())
            .build();
    ensureBucket();
  }

  /** Returns the connection settings (whose toString masks the secret). */
  public S3Config config() {
    return config;
  }

  /** Objects up to this size (e.g. whole packs) go in one PUT instead of a multipart upload. */
  static final long SINGLE_PUT_LIMIT = 64L << 20;

  private static long partSize(long length) {
    // The client's default for a known length is 5 MiB parts: 6 requests for a 16 MiB pack.
    return Math.max(5L << 20, Math.min(length, SINGLE_PUT_LIMIT));
  }

  @Override
  public void put(String key, InputStream data, long length) {
    BlobKeys.requireValidKey(key);
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length + " for " + key);
    }
    ExactLengthInputStream exact = new ExactLengthInputStream(data, length);
    try {
      client.putObject(
          PutObjectArgs.builder().bucket(config.bucket()).object(key).stream(
                  exact, length, partSize(length))
              .contentType("application/octet-stream")
              .build());
    } catch (MinioException | IOException | GeneralSecurityException e) {
      if (exact.sourceFailure() != null || e instanceof InsufficientDataException) {
        throw new BlobStoreException(
            "put "
                + where(key)
                + ": reading the data failed after "
                + exact.consumed()
                + " of "
                + length
                + " bytes",
            false,
            exact.sourceFailure() != null ? exact.sourceFailure() : e);
      }
      throw failure("put", key, e);
    }
  }

  @Override
  public InputStream get(String key) {
    BlobKeys.requireValidKey(key);
    try {
      return client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build());
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw failure("get", key, e);
    }
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    BlobKeys.requireValidKey(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "negative range offset=" + offset + " length=" + length + " for " + key);
    }
    if (length == 0) {
      return emptyIfExists(key);
    }
    try {
      return client.getObject(
          GetObjectArgs.builder()
              .bucket(config.bucket())
              .object(key)
              .offset(offset)
              .length(length)
              .build());
    } catch (ErrorResponseException e) {
      if ("InvalidRange".equals(e.errorResponse().code())) {
        return emptyIfExists(key); // offset at or past the end
      }
      throw failure("get", key, e);
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw failure("get", key, e);
    }
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    BlobKeys.requireValidKey(key);
    try {
      StatObjectResponse response =
          client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
      return Optional.of(new BlobInfo(key, response.size()));
    } catch (MinioException | IOException | GeneralSecurityException e) {
      BlobStoreException mapped = failure("stat", key, e);
      if (mapped instanceof BlobNotFoundException) {
        return Optional.empty();
      }
      throw mapped;
    }
  }

  @Override
  public List<String> list(String prefix) {
    BlobKeys.requireValidPrefix(prefix);
    ListObjectsArgs.Builder args =
        ListObjectsArgs.builder().bucket(config.bucket()).recursive(true);
    if (!prefix.isEmpty()) {
      args.prefix(prefix);
    }
    List<String> keys = new ArrayList<>();
    try {
      for (Result<Item> result : client.listObjects(args.build())) {
        Item item = result.get();
        if (!item.isDir()) {
          keys.add(item.objectName());
        }
      }
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw failure("list", prefix + "*", e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) {
    BlobKeys.requireValidKey(key);
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
    } catch (MinioException | IOException | GeneralSecurityException e) {
      BlobStoreException mapped = failure("delete", key, e);
      if (!(mapped instanceof BlobNotFoundException)) {
        throw mapped;
      }
    }
  }

  /** Releases the HTTP client's connections. */
  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) { // MinioClient.close() declares Exception
      throw new BlobStoreException(
          "closing S3 client for " + config.bucket() + " failed", false, e);
    }
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + config.endpoint() + "/" + config.bucket() + "]";
  }

  private InputStream emptyIfExists(String key) {
    if (stat(key).isEmpty()) {
      throw new BlobNotFoundException(key);
    }
    return InputStream.nullInputStream();
  }

  private void ensureBucket() {
    String bucket = config.bucket();
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(config.region()).build());
        LOG.log(System.Logger.Level.INFO, "created bucket {0} at {1}", bucket, config.endpoint());
      }
    } catch (ErrorResponseException e) {
      if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
        throw failure("create bucket", "", e); // lost a creation race to another owner
      }
    } catch (MinioException | IOException | GeneralSecurityException e) {
      throw failure("create bucket", "", e);
    }
  }

  private String where(String key) {
    return "s3://" + config.bucket() + "/" + key;
  }

  private BlobStoreException failure(String operation, String key, Exception e) {
    String prefix = "S3 " + operation + " " + where(key) + " failed: ";
    if (e instanceof ErrorResponseException error) {
      String code = error.errorResponse().code();
      int status = error.response() != null ? error.response().code() : 0;
      if ("NoSuchKey".equals(code)) {
        return new BlobNotFoundException(key, e);
      }
      boolean retryable = status >= 500 || status == 429 || RETRYABLE_CODES.contains(code);
      return new BlobStoreException(
          prefix + code + " (HTTP " + status + "): " + error.errorResponse().message(),
          retryable,
          e);
    }
    if (e instanceof ServerException server) {
      return new BlobStoreException(prefix + "HTTP " + server.statusCode(), true, e);
    }
    boolean retryable = e instanceof IOException || e instanceof InvalidResponseException;
    return new BlobStoreException(prefix + e, retryable, e);
  }
}
