package dev.hangar.deployer.libvirt;

import java.io.IOException;
import java.io.InputStream;

/** Opens a fresh stream of content to upload; the caller closes it. */
@FunctionalInterface
public interface StreamSupplier {
  /** Returns a new stream positioned at the first byte of the content. */
  InputStream open() throws IOException;
}
