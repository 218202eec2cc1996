package dev.hangar.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a {@link SeedRequest} into NoCloud documents; YAML is produced by a serializer, so values
 * are quoted and escaped by it and never spliced into text.
 */
public final class SeedGenerator {
  /** Where the guest finds the appliance's context parameters, one {@code NAME=value} per line. */
  public static final String PARAMETERS_PATH = "/etc/hangar/parameters";

  private final SeedYaml yaml = new SeedYaml();

  /** Returns the seed documents for {@code request}; deterministic for equal requests. */
  public NoCloudSeed generate(SeedRequest request) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("instance-id", request.instanceId());
    meta.put("local-hostname", request.hostname());
    Optional<String> network = request.network().map(spec -> write(spec.toNetworkConfig()));
    return new NoCloudSeed(write(meta), "#cloud-config\n" + write(userData(request)), network);
  }

  private static Map<String, Object> userData(SeedRequest request) {
    CloudConfig extra = request.cloudConfig();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("hostname", request.hostname());
    extra.fqdn().ifPresent(fqdn -> config.put("fqdn", fqdn));
    if (extra.manageEtcHosts()) {
      // "localhost" maintains only the 127.0.1.1 line, so lines other components append survive.
      config.put("manage_etc_hosts", "localhost");
    }
    if (extra.disableSshPasswordAuthentication()) {
      config.put("ssh_pwauth", false);
    }
    Set<String> defaultKeys = new LinkedHashSet<>(request.sshAuthorizedKeys());
    defaultKeys.addAll(extra.defaultUserKeys());
    if (!defaultKeys.isEmpty()) {
      config.put("ssh_authorized_keys", List.copyOf(defaultKeys));
    }
    if (!extra.users().isEmpty()) {
      // Listing "default" first keeps the image's default user, which a bare list would drop.
      List<Object> users = new ArrayList<>();
      users.add("default");
      extra.users().forEach(user -> users.add(user.toCloudConfig()));
      config.put("users", users);
    }
    if (!extra.fsSetup().isEmpty()) {
      config.put("fs_setup", extra.fsSetup().stream().map(FsSetupSpec::toCloudConfig).toList());
    }
    if (!extra.mounts().isEmpty()) {
      config.put("mounts", extra.mounts().stream().map(MountSpec::toCloudConfig).toList());
    }
    List<Map<String, Object>> files = new ArrayList<>();
    files.add(
        FileSpec.text(PARAMETERS_PATH, parametersFile(request))
            .withPermissions("0600")
            .toCloudConfig());
    extra.files().forEach(file -> files.add(file.toCloudConfig()));
    config.put("write_files", files);
    if (!extra.runcmd().isEmpty()) {
      config.put("runcmd", extra.runcmd().stream().map(RunCommand::argv).toList());
    }
    extra.readyCallback().ifPresent(callback -> config.put("phone_home", callback.toCloudConfig()));
    return config;
  }

  private static String parametersFile(SeedRequest request) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(request.parameters())
        .forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
    return out.toString();
  }

  private String write(Object document) {
    return yaml.write(document);
  }
}
