package dev.hangar.deployer;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Content identified by its SHA-256 digest, with its exact size in bytes.
 *
 * @param digestHex lower-case hex SHA-256 of the content
 * @param size content length in bytes
 */
public record StagedFile(String digestHex, long size) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Normalises the digest to lower case and rejects malformed digests and negative sizes. */
  public StagedFile {
    Objects.requireNonNull(digestHex, "digestHex");
    digestHex = digestHex.toLowerCase(Locale.ROOT);
    if (!SHA256_HEX.matcher(digestHex).matches()) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: " + digestHex);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
  }

  /** Name of the node-cache volume holding this content. */
  public String volumeName() {
    return "sha256-" + digestHex;
  }
}
