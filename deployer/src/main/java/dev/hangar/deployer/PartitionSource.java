package dev.hangar.deployer;

import java.io.IOException;
import java.io.InputStream;

/** Supplies content by digest (kernel, initrd, partition images); the caller closes the stream. */
@FunctionalInterface
public interface PartitionSource {
  /** Opens the content whose SHA-256 is {@code digestHex}, from its first byte. */
  InputStream open(String digestHex) throws IOException;
}
