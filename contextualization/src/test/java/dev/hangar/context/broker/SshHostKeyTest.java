package dev.hangar.context.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SshHostKeyTest {
  private static final String ECDSA =
      "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAIj3LK7Nmtg2DvIsgpGtbwwsS87l9VCKtNrlArV0DG91giREMcuJ4LjCO8ZE9c42nIIqT11HE2Ih6Webk2QQh0=";
  private static final String RSA =
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCsr7wUX1f6MMpmthgQ2uBfTDD3RyqipsEiC+ssf/rjtzeAKmRSHS+xHjt9SNJADkXHm98QXvvzZMeiPmHXcOgg9j/pci6jvtzCxqOG8tkiMmsiQZMxDCA63mxiWLprfMU41FdUEvzYgqBOuGAA+3LNOfWaeMafO8w4aOI+rWI5Kpv1ktbNWZ/vpCN8XBn+mV9B2ZwFqwIa6r3Fr0gBuShu3sOllgZhr4fZa/Tz7eNavvkPSRokejawHCD4BSUyM/lgqfZdpJxndxN6izw+ZrlKBZD62/PnLkU24dfp7fHj4i4OUYPFdeBgv+4UNAGDCXQEZD+PkuV5OQCQJC36B4/jECpojsSDPT7/Fb8Og3Leeg0aQ5w+h/JzE8QOFlJswOlLpwUqWQjg8w3m/1O8LBL3dXdxW88rki4fCNRE/Zp+/OPYGFcbsJYYyJtCpf6H79kgamxsQIjWhdv1i5yksj+joco2rZ36d0pzw2sE2ku3/aZH1K6xsd4narOGqKnILHM=";

  @Test
  void acceptsEd25519EcdsaAndRsaHostKeysWithOrWithoutAComment() {
    for (String key : new String[] {ContextBrokerTest.HEAD_KEY, ECDSA, RSA}) {
      assertEquals(key, KeyValues.parse("ssh-host-key=" + key).get(SshHostKey.KEY));
      assertEquals(
          key + " root@head",
          KeyValues.parse("ssh-host-key=" + key + " root@head").get("ssh-host-key"));
    }
  }

  @Test
  void rejectsAHostKeyThatIsNotOneKeyLineOfAnAcceptedTypeNamingTheKey() {
    String ed25519Blob = ContextBrokerTest.HEAD_KEY.split(" ")[1];
    for (String bad :
        new String[] {
          "",
          "ssh-ed25519",
          ed25519Blob,
          "ssh-dss " + ed25519Blob,
          "ssh-ed25519 not*base64",
          "ssh-ed25519 AAAA",
          // A valid blob under another type's name.
          "ssh-rsa " + ed25519Blob,
          ContextBrokerTest.HEAD_KEY + " ",
          "ssh-ed25519  " + ed25519Blob,
        }) {
      InvalidBrokerDataException e =
          assertThrows(
              InvalidBrokerDataException.class,
              () -> KeyValues.parse("address=10.0.2.15\nssh-host-key=" + bad + "\n"),
              bad);
      assertEquals("ssh-host-key", e.field(), bad);
      assertTrue(e.problem().contains("ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa"), e.problem());
    }
    // A second line is a second key=value line, not part of the key.
    assertEquals(
        "line 2",
        assertThrows(
                InvalidBrokerDataException.class,
                () -> KeyValues.parse("ssh-host-key=" + ContextBrokerTest.HEAD_KEY + "\nAAAA"))
            .field());
  }
}
