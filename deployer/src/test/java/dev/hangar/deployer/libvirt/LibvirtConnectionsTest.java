package dev.hangar.deployer.libvirt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

/** Runs against libvirt's in-process {@code test:///default} driver; needs no daemon. */
class LibvirtConnectionsTest {
  private static final String TEST_URI = "test:///default";

  @Test
  void reusesOneLiveConnectionPerUri() throws Exception {
    try (LibvirtConnections connections = new LibvirtConnections()) {
      Connect first = connections.get(TEST_URI);
      assertSame(first, connections.get(TEST_URI));
      assertTrue(LibvirtConnections.isAlive(first));
      assertTrue(first.getURI().startsWith("test://"));
    }
  }

  @Test
  void reconnectsWhenTheHeldConnectionHasDied() throws Exception {
    try (LibvirtConnections connections = new LibvirtConnections()) {
      Connect first = connections.get(TEST_URI);
      first.close();
      assertFalse(LibvirtConnections.isAlive(first));

      Connect second = connections.get(TEST_URI);

      assertNotSame(first, second);
      assertTrue(LibvirtConnections.isAlive(second));
    }
  }

  @Test
  void closingClosesConnectionsAndRefusesFurtherUse() {
    LibvirtConnections connections = new LibvirtConnections();
    Connect connection = connections.get(TEST_URI);

    connections.close();

    assertFalse(LibvirtConnections.isAlive(connection));
    assertThrows(IllegalStateException.class, () -> connections.get(TEST_URI));
  }

  @Test
  void reportsUnreachableUriAsTypedFailure() {
    try (LibvirtConnections connections = new LibvirtConnections()) {
      assertThrows(
          LibvirtOperationException.class, () -> connections.get("test:///no/such/config.xml"));
    }
  }
}
