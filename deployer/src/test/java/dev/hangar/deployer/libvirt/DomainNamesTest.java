package dev.hangar.deployer.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Listing a node's domains while other clients stop and undefine them, on libvirt's {@code
 * test:///default} driver (one running domain, {@code test}, id 1).
 */
class DomainNamesTest {

  @Test
  void aRunningDomainThatVanishesBetweenListingAndLookupIsLeftOut() throws LibvirtException {
    // What libvirt-java returns when a domain stops between virConnectNumOfDomains and
    // virConnectListDomains: the array keeps its length, the lost slot is 0; id 42 never existed.
    Connect racing =
        new Connect("test:///default") {
          @Override
          public int[] listDomains() throws LibvirtException {
            return new int[] {super.listDomains()[0], 0, 42};
          }
        };
    try {
      assertEquals(Set.of("test"), DomainNames.all(racing));
    } finally {
      racing.close();
    }
  }

  @Test
  void theXmlOfAnUndefinedDomainIsEmptyNotAnError() throws LibvirtException {
    Connect connection = new Connect("test:///default");
    try {
      assertTrue(DomainNames.xml(connection, "test").isPresent());
      assertFalse(DomainNames.xml(connection, "no-such-domain").isPresent());
    } finally {
      connection.close();
    }
  }
}
