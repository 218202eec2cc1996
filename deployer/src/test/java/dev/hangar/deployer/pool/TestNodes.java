package dev.hangar.deployer.pool;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** URIs of the libvirt test-driver node definitions under {@code src/test/resources/nodes}. */
final class TestNodes {
  private TestNodes() {}

  /** {@code test:///<absolute path>} of node definition {@code name}.xml. */
  static String uri(String name) {
    try {
      Path file =
          Path.of(TestNodes.class.getClassLoader().getResource("nodes/" + name + ".xml").toURI());
      return "test://" + file.toAbsolutePath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
