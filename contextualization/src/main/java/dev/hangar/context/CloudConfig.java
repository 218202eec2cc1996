package dev.hangar.context;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The cloud-config a seed carries beyond the instance's identity and parameters; built by hand or
 * by composing {@code Component}s through a {@link CloudConfigBuilder}.
 *
 * @param fqdn fully qualified domain name whose first label is the host name, or empty
 * @param manageEtcHosts whether cloud-init keeps a {@code 127.0.1.1} entry for the host name in
 *     {@code /etc/hosts} (its {@code localhost} mode, which leaves other lines alone)
 * @param disableSshPasswordAuthentication whether to set {@code ssh_pwauth: false}
 * @param defaultUserKeys extra SSH keys for the image's default user
 * @param users accounts created besides the default user, unique by name
 * @param files files written, unique by path unless appended
 * @param runcmd commands run once on the first boot, in order
 * @param mounts file systems mounted, unique by mount point
 * @param fsSetup file systems created, unique by device and by label
 * @param readyCallback the call the guest makes when ready, or empty
 */
public record CloudConfig(
    Optional<String> fqdn,
    boolean manageEtcHosts,
    boolean disableSshPasswordAuthentication,
    List<String> defaultUserKeys,
    List<UserSpec> users,
    List<FileSpec> files,
    List<RunCommand> runcmd,
    List<MountSpec> mounts,
    List<FsSetupSpec> fsSetup,
    Optional<ReadyCallback> readyCallback) {

  private static final CloudConfig EMPTY = builder().build();

  /** Copies the lists and rejects duplicates that cloud-init would silently resolve. */
  public CloudConfig {
    fqdn = Fields.require("fqdn", fqdn);
    fqdn.ifPresent(
        name -> {
          Fields.hostname("fqdn", name);
          if (name.indexOf('.') < 0) {
            throw new InvalidSeedException("fqdn", "must contain a domain");
          }
        });
    defaultUserKeys = List.copyOf(defaultUserKeys);
    for (int i = 0; i < defaultUserKeys.size(); i++) {
      Fields.sshKey("defaultUserKeys[" + i + "]", defaultUserKeys.get(i));
    }
    users = List.copyOf(users);
    files = List.copyOf(files);
    runcmd = List.copyOf(runcmd);
    mounts = List.copyOf(mounts);
    fsSetup = List.copyOf(fsSetup);
    readyCallback = Fields.require("phone_home", readyCallback);
    requireUnique("users", users, UserSpec::name);
    requireUnique("write_files", files.stream().filter(f -> !f.append()).toList(), FileSpec::path);
    requireUnique("mounts", mounts, MountSpec::mountPoint);
    requireUnique("fs_setup", fsSetup, FsSetupSpec::device);
    requireUnique("fs_setup", fsSetup, FsSetupSpec::label);
  }

  /** A cloud-config adding nothing. */
  public static CloudConfig empty() {
    return EMPTY;
  }

  public static CloudConfigBuilder builder() {
    return new CloudConfigBuilder();
  }

  /** A builder starting from this configuration, to add to it. */
  public CloudConfigBuilder toBuilder() {
    return new CloudConfigBuilder(this);
  }

  private static <T> void requireUnique(String field, List<T> items, Function<T, String> key) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      if (!seen.add(key.apply(item))) {
        throw new InvalidSeedException(field, "declares '" + key.apply(item) + "' twice");
      }
    }
  }
}
