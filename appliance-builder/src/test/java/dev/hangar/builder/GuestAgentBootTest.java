package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.context.CloudConfig;
import dev.hangar.context.FileSpec;
import dev.hangar.context.Ipv4Address;
import dev.hangar.context.Ipv4Cidr;
import dev.hangar.context.NetworkSpec;
import dev.hangar.context.NicMatch;
import dev.hangar.context.RunCommand;
import dev.hangar.context.SeedGenerator;
import dev.hangar.context.SeedRequest;
import dev.hangar.context.StaticAddressing;
import dev.hangar.context.UserSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots hello with seeds from the real SeedGenerator and proves from the guest agent's console
 * report that each part of the context took effect, that it speaks the NoCloud-net and broker
 * protocol to a server on the host, and that its SSH server serves the host key it reported and
 * lets in the seed's key (through a forwarded port, with the host's OpenSSH client).
 */
class GuestAgentBootTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@example";
  private static final String MAC = "52:54:00:12:34:56";

  /** A peer's host key the test broker hands out. */
  private static final String PEER_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPnqtCwCPc5Se+3Mi8YTdDODT07lceDTsuJyEsPIdpcD";

  private static final java.util.regex.Pattern HOSTKEY =
      java.util.regex.Pattern.compile("HANGAR-HOSTKEY (ssh-ed25519 [A-Za-z0-9+/]{68})");

  @TempDir static Path dir;

  private static BuiltAppliance built;

  @BeforeAll
  static void buildHello() {
    built =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Samples.recipe("hello"), dir.resolve("out"));
  }

  @Test
  void seedContextTakesEffectAndTheBrokerExchangeHappens() throws Exception {
    FileSpec motd = FileSpec.text("/etc/motd", "Welcome to 'web-7'\n  with \\ and \"quotes\"\n\n");
    byte[] blobBytes = {0, 1, 2, (byte) 0xff, '\n'};
    FileSpec blob =
        FileSpec.binary("/home/ops/blob.bin", blobBytes)
            .withPermissions("0640")
            .withOwner("ops:ops")
            .deferred();
    HostSsh ssh = HostSsh.withNewKey(dir.resolve("ssh"));
    CloudConfig config =
        CloudConfig.builder()
            .addDefaultUserKeys(List.of(ssh.publicKey()))
            .addUser(UserSpec.of("ops", true, List.of(KEY)))
            .addFile(motd)
            .addFile(blob)
            // The guest computes 6*7; "42" appears nowhere in the seed.
            .addRunCommand(RunCommand.of("sh", "-c", "echo runcmd-proof $((6*7)) $(hostname)"))
            .addRunCommand(RunCommand.of("touch", "/run/second command ran"))
            .addRunCommand(RunCommand.of("sh", "-c", "ls '/run/second command ran'"))
            .build();
    StaticAddressing fixed =
        new StaticAddressing(
            Ipv4Cidr.parse("10.0.2.50/24"),
            Optional.of(Ipv4Address.parse("10.0.2.2")),
            List.of(Ipv4Address.parse("10.0.2.3")),
            List.of("example.org"));
    SeedRequest request =
        SeedRequest.of("i-agent1", "web-7")
            .withParameter("GREETING", "hi")
            .withCloudConfig(config)
            .withNetwork(NetworkSpec.fixed(NicMatch.byMac(MAC), fixed));
    Path seed = Seeds.iso(dir, "agent1", request);
    Path root = copyOfRoot("agent1");
    int sshPort = freePort();
    String hostKey;

    try (TestBroker broker =
            new TestBroker(
                "tok-agent1",
                new SeedGenerator().generate(request),
                Map.of(
                    "peer.head.address",
                    "10.0.2.99",
                    "peer.head.ssh-host-key",
                    PEER_KEY,
                    "role",
                    "web"),
                2);
        QemuGuest guest =
            QemuGuest.of(built, built.descriptor().cmdline())
                .disk(root)
                .seed(seed)
                .nic(MAC, "tcp:127.0.0.1:" + sshPort + "-10.0.2.50:22")
                .smbiosSerial("ds=nocloud-net;s=" + broker.guestBaseUrl())
                .start()) {
      double seconds = guest.awaitLine("HANGAR-READY i-agent1", TIMEOUT);
      System.out.printf("hello with full context and broker: READY after %.2f s%n", seconds);

      assertEquals(List.of("HANGAR-NET eth0 10.0.2.50/24"), guest.linesStartingWith("HANGAR-NET"));
      assertTrue(guest.lines().contains("HANGAR-CHECK hostname web-7"), guest.tail());
      assertTrue(
          guest
              .lines()
              .contains("HANGAR-CHECK user ops uid=1000 home=/home/ops keys=" + sha(KEY + "\n")),
          guest.tail());
      assertTrue(
          guest
              .lines()
              .contains(
                  "HANGAR-CHECK file /etc/motd sha256="
                      + sha(motd.bytes())
                      + " mode=644 owner=root:root"),
          guest.tail());
      assertTrue(
          guest
              .lines()
              .contains(
                  "HANGAR-CHECK file /home/ops/blob.bin sha256="
                      + sha(blobBytes)
                      + " mode=640 owner=ops:ops"),
          guest.tail());
      assertTrue(
          guest
              .lines()
              .contains(
                  "HANGAR-CHECK file /etc/hangar/parameters sha256="
                      + sha("GREETING=hi\n")
                      + " mode=600 owner=root:root"),
          guest.tail());
      assertTrue(guest.lines().contains("runcmd-proof 42 web-7"), guest.tail());
      assertTrue(guest.lines().contains("/run/second command ran"), guest.tail());
      assertTrue(guest.lines().contains("HANGAR-CHECK runcmd 3 ok"), guest.tail());

      hostKey = hostKey(guest);
      // The broker saw the static address (proving the guest's network works) and the host key
      // the console shows, two 503 polls, then the context, and finally ready.
      List<String> provides = broker.requestsTo("provide");
      assertEquals(1, provides.size(), broker.requests.toString());
      // The broker records hostname and role itself and refuses them.
      assertEquals("POST provide address=10.0.2.50\nssh-host-key=" + hostKey, provides.get(0));
      assertEquals(3, broker.requestsTo("context").size(), broker.requests.toString());
      assertEquals(1, broker.requestsTo("ready").size(), broker.requests.toString());
      assertTrue(broker.requestsTo("failed").isEmpty(), broker.requests.toString());
      String context =
          "peer.head.address=10.0.2.99\npeer.head.ssh-host-key=" + PEER_KEY + "\nrole=web\n";
      assertTrue(
          guest.lines().contains("HANGAR-CHECK broker context 3 keys sha256=" + sha(context)),
          guest.tail());
      assertTrue(
          guest.lines().contains("HANGAR-CHECK known-host head,10.0.2.99 " + PEER_KEY),
          guest.tail());
      assertTrue(guest.lines().contains("HANGAR-CHECK sshd listening on port 22"), guest.tail());

      // The daemon serves exactly the reported key (strict checking) and lets the seed's key in.
      HostSsh.Result login =
          ssh.exec(
              sshPort,
              hostKey,
              "root",
              List.of(),
              "cat /etc/ssh/ssh_known_hosts /root/.ssh/known_hosts;"
                  + " dropbearkey -y -f /etc/dropbear/dropbear_ed25519_host_key");
      assertEquals(0, login.exit(), login.err());
      assertTrue(
          login
              .out()
              .startsWith(
                  "head,10.0.2.99 "
                      + PEER_KEY
                      + "\nhead "
                      + PEER_KEY
                      + "\n10.0.2.99 "
                      + PEER_KEY
                      + "\n"),
          login.out());
      assertTrue(login.out().contains("\n" + hostKey + " "), login.out());
      // Passwords are off: the server offers public keys only.
      HostSsh.Result password =
          ssh.exec(
              sshPort,
              hostKey,
              "root",
              List.of("PubkeyAuthentication=no", "PreferredAuthentications=password"),
              "true");
      assertNotEquals(0, password.exit());
      assertTrue(password.err().contains("Permission denied (publickey)"), password.err());
      // Another host key for the same address is refused before any login.
      HostSsh.Result spoofed = ssh.exec(sshPort, PEER_KEY, "root", List.of(), "true");
      assertNotEquals(0, spoofed.exit());
      assertTrue(spoofed.err().contains("HOST IDENTIFICATION HAS CHANGED"), spoofed.err());
    }
    // What the agent wrote is on the disk after the sync before READY.
    assertTrue(Disks.cat(root, "/etc/hosts").contains("10.0.2.99 head\n"));
    assertTrue(Disks.cat(root, "/etc/passwd").contains("ops:x:1000:1000::/home/ops:"));
    assertEquals("ops ALL=(ALL) NOPASSWD:ALL\n", Disks.cat(root, "/etc/sudoers.d/90-hangar-users"));
    assertEquals(KEY + "\n", Disks.cat(root, "/home/ops/.ssh/authorized_keys"));
    assertEquals("head,10.0.2.99 " + PEER_KEY + "\n", Disks.cat(root, "/etc/ssh/ssh_known_hosts"));

    // A second boot of the same disk keeps this instance's host key.
    try (TestBroker broker =
            new TestBroker("tok-agent1", new SeedGenerator().generate(request), Map.of(), 0);
        QemuGuest again =
            QemuGuest.of(built, built.descriptor().cmdline())
                .disk(root)
                .seed(seed)
                .nic(MAC, null)
                .smbiosSerial("ds=nocloud-net;s=" + broker.guestBaseUrl())
                .start()) {
      again.awaitLine("HANGAR-READY i-agent1", TIMEOUT);
      assertEquals(hostKey, hostKey(again));
      assertTrue(again.linesStartingWith("HANGAR-CHECK ssh host key").isEmpty(), again.tail());
    }
  }

  @Test
  void theBuiltRootCarriesDropbearButNoHostKey() throws Exception {
    Path image = built.partitionFile("root");
    assertTrue(Disks.list(image, "/usr/sbin").contains("dropbear"));
    assertTrue(Disks.list(image, "/usr/bin").containsAll(List.of("dropbearkey", "dbclient")));
    List<String> etc = Disks.list(image, "/etc");
    assertTrue(
        etc.stream().noneMatch(n -> n.contains("dropbear") || n.contains("ssh")), etc.toString());
  }

  @Test
  void withoutASeedDiskTheAgentFetchesItOverNoCloudNetAfterDhcp() throws Exception {
    SeedRequest request = SeedRequest.of("i-agent2", "net-only");
    Path root = copyOfRoot("agent2");
    try (TestBroker broker =
            new TestBroker("tok-agent2", new SeedGenerator().generate(request), Map.of(), 0);
        QemuGuest guest =
            QemuGuest.of(built, built.descriptor().cmdline())
                .disk(root)
                .nic(MAC, null)
                .smbiosSerial("ds=nocloud-net;s=" + broker.guestBaseUrl())
                .start()) {
      double seconds = guest.awaitLine("HANGAR-READY i-agent2", TIMEOUT);
      System.out.printf("hello over nocloud-net only: READY after %.2f s%n", seconds);
      // slirp's DHCP server hands out 10.0.2.15/24.
      assertEquals(List.of("HANGAR-NET eth0 10.0.2.15/24"), guest.linesStartingWith("HANGAR-NET"));
      assertTrue(guest.lines().contains("HANGAR-CHECK hostname net-only"), guest.tail());
      assertEquals(1, broker.requestsTo("meta-data").size(), broker.requests.toString());
      assertEquals(1, broker.requestsTo("user-data").size(), broker.requests.toString());
      assertEquals(
          List.of("POST provide address=10.0.2.15\nssh-host-key=" + hostKey(guest)),
          broker.requestsTo("provide"));
      assertEquals(1, broker.requestsTo("ready").size(), broker.requests.toString());
    }
  }

  @Test
  void aBadRequestInTheSeedIsReportedAsFailedToConsoleAndBroker() throws Exception {
    // A mount of a device the VM does not have, without nofail: the agent must not claim READY.
    CloudConfig config =
        CloudConfig.builder()
            .addMount(new dev.hangar.context.MountSpec("/dev/vdz", "/nowhere", "ext4", "defaults"))
            .build();
    SeedRequest request = SeedRequest.of("i-agent3", "broken").withCloudConfig(config);
    Path root = copyOfRoot("agent3");
    Path seed = Seeds.iso(dir, "agent3", request);
    try (TestBroker broker =
            new TestBroker("tok-agent3", new SeedGenerator().generate(request), Map.of(), 0);
        QemuGuest guest =
            QemuGuest.of(built, built.descriptor().cmdline())
                .disk(root)
                .seed(seed)
                .nic(MAC, null)
                .smbiosSerial("ds=nocloud-net;s=" + broker.guestBaseUrl())
                .start()) {
      String failed =
          guest.await(l -> l.startsWith("HANGAR-FAILED i-agent3 "), "HANGAR-FAILED", TIMEOUT);
      assertTrue(failed.contains("/dev/vdz"), failed);
      assertEquals(1, broker.requestsTo("failed").size(), broker.requests.toString());
      assertTrue(broker.requestsTo("failed").get(0).contains("/dev/vdz"));
      assertTrue(guest.linesStartingWith("HANGAR-READY").isEmpty(), guest.tail());
    }
  }

  /** The one host key the guest reported; prints how long the guest took to make it. */
  private static String hostKey(QemuGuest guest) {
    List<String> reported = guest.linesStartingWith("HANGAR-HOSTKEY");
    assertEquals(1, reported.size(), guest.tail());
    java.util.regex.Matcher m = HOSTKEY.matcher(reported.get(0));
    assertTrue(m.matches(), reported.get(0));
    for (String line : guest.linesStartingWith("HANGAR-CHECK ssh host key ed25519 generated in ")) {
      System.out.println("guest: " + line);
    }
    return m.group(1);
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Path copyOfRoot(String name) throws java.io.IOException {
    Path copy = dir.resolve(name + "-root.img");
    Files.copy(built.partitionFile("root"), copy);
    return copy;
  }

  private static String sha(String text) {
    return sha(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
