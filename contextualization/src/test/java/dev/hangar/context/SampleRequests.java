package dev.hangar.context;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Representative seed requests shared by the tests, each exercising one part of the format. */
final class SampleRequests {
  static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@example";
  static final String OTHER_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFq6b5lY0O2u1cJ3bA3yZr0b4mQv8wH1cJ0lR2nXkq7T dev@example";
  static final String TOKEN = "tok-3f9a1c77e2b04d51";

  private SampleRequests() {}

  static SeedRequest minimal() {
    return new SeedRequest("i-min", "minimal", Map.of(), List.of());
  }

  static SeedRequest usersAndKeys() {
    CloudConfig config =
        CloudConfig.builder()
            .fqdn("web-1.example.org")
            .addUser(UserSpec.of("ops", true, List.of(KEY)))
            .addUser(new UserSpec("app", false, "/bin/sh", List.of()))
            .disableSshPasswordAuthentication()
            .build();
    return new SeedRequest("i-users", "web-1", Map.of(), List.of(OTHER_KEY))
        .withCloudConfig(config);
  }

  static SeedRequest filesAndCommands() {
    CloudConfig config =
        CloudConfig.builder()
            .addFile(FileSpec.text("/etc/app/app.conf", "port: 8080\nname: \"x\"\n"))
            .addFile(
                FileSpec.binary("/opt/app/blob.bin", new byte[] {0, 1, 2, (byte) 0xff})
                    .withPermissions("0755")
                    .withOwner("app:app")
                    .deferred())
            .addRunCommand(RunCommand.of("systemctl", "restart", "app"))
            .addRunCommand(RunCommand.of("sh", "-c", "echo done > /run/app.done"))
            .build();
    return new SeedRequest("i-files", "app-1", Map.of("MODE", "prod"), List.of())
        .withCloudConfig(config);
  }

  static SeedRequest blankspace() {
    CloudConfig config =
        CloudConfig.builder()
            .addFsSetup(new FsSetupSpec("bs-vdb", "ext4", "/dev/vdb"))
            .addMount(new MountSpec("/dev/vdb", "/data", "ext4", "defaults,nofail"))
            .addFsSetup(new FsSetupSpec("bs-vdc", "xfs", "/dev/vdc"))
            .addMount(new MountSpec("/dev/vdc", "/scratch", "xfs", "defaults,nofail"))
            .build();
    return new SeedRequest("i-bs", "db-1", Map.of(), List.of()).withCloudConfig(config);
  }

  static SeedRequest phoneHome() {
    CloudConfig config =
        CloudConfig.builder()
            .readyCallback(
                new ReadyCallback("https://hangar.example/ready/i-ph", new Secret(TOKEN), 5))
            .build();
    return new SeedRequest("i-ph", "worker-1", Map.of(), List.of())
        .withSecretParameter("DB_PASSWORD", new Secret("s3cr3t-pa55"))
        .withCloudConfig(config);
  }

  static SeedRequest dhcpByMac() {
    return minimal().withNetwork(NetworkSpec.dhcp(NicMatch.byMac("52:54:00:AB:cd:01")));
  }

  static SeedRequest dhcpByName() {
    return minimal().withNetwork(NetworkSpec.dhcp(NicMatch.byName("ens3")));
  }

  static SeedRequest staticAddress() {
    StaticAddressing addressing =
        new StaticAddressing(
            Ipv4Cidr.parse("10.20.0.7/24"),
            Optional.of(Ipv4Address.parse("10.20.0.1")),
            List.of(Ipv4Address.parse("10.20.0.1"), Ipv4Address.parse("9.9.9.9")),
            List.of("cluster.example"));
    return minimal()
        .withNetwork(NetworkSpec.fixed(NicMatch.byMac("52:54:00:00:00:07"), addressing));
  }
}
