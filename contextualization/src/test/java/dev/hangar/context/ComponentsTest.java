package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ComponentsTest {
  @TempDir Path dir;

  private final Components components = Components.standard();

  /** A request carrying every parameter the standard components read. */
  private static SeedRequest fullyParameterised() {
    return new SeedRequest(
            "i-c1",
            "node-1",
            Map.of(
                "DOMAIN", "cluster.example",
                "SSH_USER", "ops",
                "BLANKSPACES", "/dev/vdb:/data:ext4,/dev/vdc:/scratch:xfs",
                "NFS_EXPORT_PATH", "/data/share",
                "NFS_EXPORT_CLIENTS", "10.20.0.0/24",
                "NFS_SERVER", "10.20.0.2",
                "NFS_REMOTE_PATH", "/data/share",
                "CLUSTER_PEERS", "node-1=10.20.0.2,node-2=10.20.0.3",
                "READY_URL", "https://hangar.example/ready/i-c1"),
            List.of(SampleRequests.KEY))
        .withSecretParameter("READY_TOKEN", new Secret(SampleRequests.TOKEN));
  }

  private CloudConfig apply(SeedRequest request, String... names) {
    return components.apply(request, List.of(names)).cloudConfig();
  }

  static Stream<String> componentNames() {
    return Components.standard().names().stream();
  }

  @ParameterizedTest
  @MethodSource("componentNames")
  void eachComponentsUserDataPassesCloudInitSchema(String name) {
    SeedRequest request = components.apply(fullyParameterised(), List.of(name));
    assertNotEquals(CloudConfig.empty(), request.cloudConfig());
    CloudInit.assertValidUserData(new SeedGenerator().generate(request).userData(), dir);
  }

  @Test
  void allComponentsComposeIntoOneValidSeed() {
    SeedRequest request = components.apply(fullyParameterised(), List.copyOf(components.names()));
    CloudInit.assertValidUserData(new SeedGenerator().generate(request).userData(), dir);
  }

  @Test
  void standardRegistryHasTheDocumentedComponents() {
    assertEquals(
        Set.of(
            "ssh-access",
            "hostname",
            "mount-blankspace",
            "nfs-export",
            "nfs-mount",
            "cluster-peer-hosts",
            "ready-callback"),
        components.names());
  }

  @Test
  void unknownComponentNameIsReportedWithTheKnownOnes() {
    UnknownComponentException e =
        assertThrows(
            UnknownComponentException.class,
            () -> components.apply(fullyParameterised(), List.of("ssh-access", "ftp-server")));
    assertEquals("ftp-server", e.name());
    assertTrue(e.getMessage().contains("nfs-mount"), e.getMessage());
  }

  @Test
  void componentRequestedTwiceIsRejected() {
    assertThrows(
        InvalidSeedException.class,
        () -> components.apply(fullyParameterised(), List.of("hostname", "hostname")));
  }

  @Test
  void sshAccessCreatesSudoUserWithTheKeysAndDisablesPasswords() {
    CloudConfig config = apply(fullyParameterised(), "ssh-access");
    UserSpec user = config.users().get(0);
    assertEquals("ops", user.name());
    assertTrue(user.sudo());
    assertEquals(List.of(SampleRequests.KEY), user.sshAuthorizedKeys());
    assertTrue(config.disableSshPasswordAuthentication());
  }

  @Test
  void sshAccessWithoutUserGivesKeysToTheDefaultUser() {
    CloudConfig config =
        apply(new SeedRequest("i-1", "h", Map.of(), List.of(SampleRequests.KEY)), "ssh-access");
    assertTrue(config.users().isEmpty());
    assertEquals(List.of(SampleRequests.KEY), config.defaultUserKeys());
  }

  @Test
  void sshAccessWithoutKeysIsRejected() {
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class,
            () -> apply(new SeedRequest("i-1", "h", Map.of(), List.of()), "ssh-access"));
    assertEquals("sshAuthorizedKeys", e.field());
  }

  @Test
  void hostnameSetsFqdnFromDomainAndManagesEtcHosts() {
    CloudConfig config = apply(fullyParameterised(), "hostname");
    assertEquals("node-1.cluster.example", config.fqdn().orElseThrow());
    assertTrue(config.manageEtcHosts());
  }

  @Test
  void mountBlankspaceFormatsAndMountsEachDisk() {
    CloudConfig config = apply(fullyParameterised(), "mount-blankspace");
    assertEquals(
        List.of(
            new FsSetupSpec("bs-vdb", "ext4", "/dev/vdb"),
            new FsSetupSpec("bs-vdc", "xfs", "/dev/vdc")),
        config.fsSetup());
    assertEquals(
        new MountSpec("/dev/vdc", "/scratch", "xfs", "defaults,nofail"), config.mounts().get(1));
  }

  @Test
  void mountBlankspaceRejectsMalformedEntry() {
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class,
            () ->
                apply(
                    new SeedRequest("i-1", "h", Map.of("BLANKSPACES", "vdb=/data"), List.of()),
                    "mount-blankspace"));
    assertEquals("parameters.BLANKSPACES", e.field());
  }

  @Test
  void nfsExportWritesExportsFileAndReloadsExports() {
    CloudConfig config = apply(fullyParameterised(), "nfs-export");
    FileSpec exports = config.files().get(0);
    assertEquals(NfsExportComponent.EXPORTS_FILE, exports.path());
    assertEquals("/data/share 10.20.0.0/24(rw,sync,no_subtree_check)\n", exports.content());
    assertEquals(RunCommand.of("exportfs", "-ra"), config.runcmd().get(2));
  }

  @Test
  void nfsMountAddsNetworkMountWithDefaults() {
    MountSpec mount = apply(fullyParameterised(), "nfs-mount").mounts().get(0);
    assertEquals(
        new MountSpec("10.20.0.2:/data/share", "/mnt/nfs", "nfs", "defaults,_netdev,nofail"),
        mount);
    assertTrue(mount.isNetwork());
  }

  @Test
  void nfsMountNamesTheMissingParameter() {
    InvalidSeedException e =
        assertThrows(
            InvalidSeedException.class,
            () ->
                apply(
                    new SeedRequest("i-1", "h", Map.of("NFS_SERVER", "s"), List.of()),
                    "nfs-mount"));
    assertEquals("parameters.NFS_REMOTE_PATH", e.field());
  }

  @Test
  void clusterPeerHostsAppendsOneLinePerPeer() {
    FileSpec hosts = apply(fullyParameterised(), "cluster-peer-hosts").files().get(0);
    assertEquals("/etc/hosts", hosts.path());
    assertTrue(hosts.append());
    assertEquals("# hangar cluster peers\n10.20.0.2 node-1\n10.20.0.3 node-2\n", hosts.content());
  }

  @Test
  void clusterPeerHostsRejectsBadAddress() {
    assertThrows(
        InvalidSeedException.class,
        () ->
            apply(
                new SeedRequest("i-1", "h", Map.of("CLUSTER_PEERS", "a=10.0.0.300"), List.of()),
                "cluster-peer-hosts"));
  }

  @Test
  void readyCallbackUsesTheSecretToken() {
    ReadyCallback callback =
        apply(fullyParameterised(), "ready-callback").readyCallback().orElseThrow();
    assertEquals(
        "https://hangar.example/ready/i-c1?token=" + SampleRequests.TOKEN, callback.urlWithToken());
    assertEquals(10, callback.tries());
  }

  @Test
  void readyCallbackRefusesATokenNotMarkedSecret() {
    SeedRequest request =
        new SeedRequest(
            "i-1", "h", Map.of("READY_URL", "https://x/r", "READY_TOKEN", "abc"), List.of());
    InvalidSeedException e =
        assertThrows(InvalidSeedException.class, () -> apply(request, "ready-callback"));
    assertEquals("parameters.READY_TOKEN", e.field());
    assertFalse(e.getMessage().contains("abc"));
  }

  @Test
  void aDeclaredListNamesEachUnknownOrRepeatedEntryByIndex() {
    assertEquals(Map.of(), components.problems(List.of("hostname", "mount-blankspace")));
    Map<String, String> problems = components.problems(List.of("hostname", "ntp", "hostname"));
    assertEquals(List.of("components[1]", "components[2]"), List.copyOf(problems.keySet()));
    assertTrue(problems.get("components[1]").startsWith("'ntp' is not a standard component"));
    assertTrue(problems.get("components[1]").contains("mount-blankspace"), "lists known names");
    assertEquals("'hostname' is named twice", problems.get("components[2]"));
  }
}
