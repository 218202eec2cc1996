package dev.hangar.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestAddressTest {
  @Test
  void readsEveryHangarNetLineInOrderWithoutRepeats() {
    String console =
        "SeaBIOS\r\n"
            + "\u001B[2J\u001B[01;01HHANGAR-NET eth0 10.0.2.15/24\r\n"
            + "some kernel line\n"
            + "HANGAR-NET eth1 192.168.122.7/24\n"
            + "HANGAR-NET eth0 10.0.2.15/24\n"
            + "HANGAR-READY i-1\n";

    assertEquals(
        List.of(
            new GuestAddress("eth0", "10.0.2.15", 24),
            new GuestAddress("eth1", "192.168.122.7", 24)),
        GuestAddress.parseConsole(console));
    assertEquals("10.0.2.15/24", GuestAddress.parseConsole(console).get(0).cidr());
  }

  @Test
  void skipsLinesThatAreNotExactlyTheContractFormat() {
    String console =
        "HANGAR-NET eth0 300.0.2.15/24\n"
            + "HANGAR-NET eth0 10.0.2.15/40\n"
            + "HANGAR-NET eth0 10.0.2.15\n"
            + "echo HANGAR-NET eth0 10.0.2.16/24\n"
            + "HANGAR-NET eth0 10.0.2.17/24 trailing\n";

    assertEquals(List.of(), GuestAddress.parseConsole(console));
  }

  @Test
  void rejectsImpossibleAddresses() {
    assertThrows(IllegalArgumentException.class, () -> new GuestAddress("eth0", "1.2.3.256", 24));
    assertThrows(IllegalArgumentException.class, () -> new GuestAddress("eth0", "1.2.3.4", 33));
  }
}
