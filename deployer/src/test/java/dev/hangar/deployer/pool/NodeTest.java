package dev.hangar.deployer.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeTest {
  @Test
  void acceptsEveryLibvirtTransportTheDeployerAddresses() {
    for (String uri :
        new String[] {
          "qemu:///system",
          "qemu+ssh://root@hv1.example/system",
          "qemu+tls://hv2.example/system",
          "xen://xen1.example/",
          "esx://esx1.example/?no_verify=1",
          "test:///tmp/node.xml"
        }) {
      assertEquals(uri, Node.active("n", uri, "site-a").uri());
    }
  }

  @Test
  void namesTheDriverWithoutTheTransport() {
    assertEquals("qemu", Node.active("n", "qemu+ssh://h/system", "s").driver());
    assertEquals("esx", Node.active("n", "esx://h/", "s").driver());
  }

  @Test
  void rejectsUnknownSchemesAndSchemelessUris() {
    assertThrows(IllegalArgumentException.class, () -> Node.active("n", "http://h/", "s"));
    assertThrows(IllegalArgumentException.class, () -> Node.active("n", "/var/run/x", "s"));
  }
}
