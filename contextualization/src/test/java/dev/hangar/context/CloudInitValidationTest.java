package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every user-data and network-config the generator produces is accepted by real cloud-init. */
class CloudInitValidationTest {
  @TempDir Path dir;

  private final SeedGenerator generator = new SeedGenerator();

  static Stream<Arguments> requests() {
    return Stream.of(
        named("minimal", SampleRequests::minimal),
        named("users and keys", SampleRequests::usersAndKeys),
        named("write_files and runcmd", SampleRequests::filesAndCommands),
        named("blankspace mounts and fs_setup", SampleRequests::blankspace),
        named("phone_home", SampleRequests::phoneHome),
        named("static network", SampleRequests::staticAddress));
  }

  private static Arguments named(String name, Supplier<SeedRequest> request) {
    return Arguments.of(name, request.get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void generatedUserDataPassesCloudInitSchema(String name, SeedRequest request) {
    CloudInit.assertValidUserData(generator.generate(request).userData(), dir);
  }

  @Test
  void schemaCheckRejectsUserDataThatBreaksTheSchema() {
    // Guards the check itself: a permissions number instead of an octal string must fail.
    CloudInit.Result result =
        CloudInit.schema("#cloud-config\nwrite_files:\n- path: /x\n  permissions: 644\n", dir);
    assertNotEquals(0, result.exitCode(), result.output());
  }

  @Test
  void dhcpByMacRendersAMatchedDhcpInterface() {
    String network =
        CloudInit.renderNetworkd(
            generator.generate(SampleRequests.dhcpByMac()).networkConfig().orElseThrow(), dir);
    assertTrue(network.contains("MACAddress=52:54:00:ab:cd:01"), network);
    assertTrue(network.contains("Name=eth0"), network);
    assertTrue(network.contains("DHCP=ipv4"), network);
  }

  @Test
  void dhcpByNameRendersTheNamedInterface() {
    String network =
        CloudInit.renderNetworkd(
            generator.generate(SampleRequests.dhcpByName()).networkConfig().orElseThrow(), dir);
    assertTrue(network.contains("Name=ens3"), network);
    assertTrue(network.contains("DHCP=ipv4"), network);
  }

  @Test
  void staticAddressRendersAddressGatewayAndNameservers() {
    String network =
        CloudInit.renderNetworkd(
            generator.generate(SampleRequests.staticAddress()).networkConfig().orElseThrow(), dir);
    assertTrue(network.contains("Address=10.20.0.7/24"), network);
    assertTrue(network.contains("Gateway=10.20.0.1"), network);
    assertTrue(network.contains("DNS=10.20.0.1 9.9.9.9"), network);
    assertTrue(network.contains("Domains=cluster.example"), network);
    assertTrue(network.contains("DHCP=no"), network);
  }

  @Test
  void networkCheckRejectsAnAddressThatIsNotOne() {
    CloudInit.Result result =
        CloudInit.netConvert("version: 2\nethernets:\n  eth0:\n    addresses: [not-an-ip]\n", dir);
    assertNotEquals(0, result.exitCode(), result.output());
  }
}
