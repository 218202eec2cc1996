package dev.hangar.store;

import java.util.Objects;

/**
 * Connection settings of an {@link S3BlobStore}.
 *
 * @param endpoint base URL of the S3 service, e.g. {@code http://127.0.0.1:9000}
 * @param region signing region, e.g. {@code us-east-1}
 * @param bucket bucket holding the blobs (created on first use if missing)
 * @param accessKey access key id
 * @param secretKey secret access key; never included in {@link #toString()}
 */
public record S3Config(
    String endpoint, String region, String bucket, String accessKey, String secretKey) {

  /** Rejects null or blank settings. */
  public S3Config {
    requireText(endpoint, "endpoint");
    requireText(region, "region");
    requireText(bucket, "bucket");
    requireText(accessKey, "accessKey");
    requireText(secretKey, "secretKey");
  }

  /** Returns the same settings with another bucket. */
  public S3Config withBucket(String otherBucket) {
    return new S3Config(endpoint, region, otherBucket, accessKey, secretKey);
  }

  /** Describes the settings with the secret key masked. */
  @Override
  public String toString() {
    return "S3Config[endpoint="
        + endpoint
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", accessKey="
        + accessKey
        + ", secretKey=****]";
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
