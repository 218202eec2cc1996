package dev.hangar.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects cloud-config contributions, typically from several {@code Component}s, and checks on
 * {@link #build()} that they do not contradict each other. Not thread-safe.
 */
public final class CloudConfigBuilder {
  private Optional<String> fqdn = Optional.empty();
  private boolean manageEtcHosts;
  private boolean disableSshPasswordAuthentication;
  private final List<String> defaultUserKeys = new ArrayList<>();
  private final List<UserSpec> users = new ArrayList<>();
  private final List<FileSpec> files = new ArrayList<>();
  private final List<RunCommand> runcmd = new ArrayList<>();
  private final List<MountSpec> mounts = new ArrayList<>();
  private final List<FsSetupSpec> fsSetup = new ArrayList<>();
  private Optional<ReadyCallback> readyCallback = Optional.empty();

  CloudConfigBuilder() {}

  CloudConfigBuilder(CloudConfig start) {
    fqdn = start.fqdn();
    manageEtcHosts = start.manageEtcHosts();
    disableSshPasswordAuthentication = start.disableSshPasswordAuthentication();
    defaultUserKeys.addAll(start.defaultUserKeys());
    users.addAll(start.users());
    files.addAll(start.files());
    runcmd.addAll(start.runcmd());
    mounts.addAll(start.mounts());
    fsSetup.addAll(start.fsSetup());
    readyCallback = start.readyCallback();
  }

  /** Sets the FQDN; setting a different one twice is a conflict. */
  public CloudConfigBuilder fqdn(String name) {
    if (fqdn.isPresent() && !fqdn.get().equals(name)) {
      throw new InvalidSeedException("fqdn", "is already " + fqdn.get());
    }
    fqdn = Optional.of(name);
    return this;
  }

  public CloudConfigBuilder manageEtcHosts() {
    manageEtcHosts = true;
    return this;
  }

  public CloudConfigBuilder disableSshPasswordAuthentication() {
    disableSshPasswordAuthentication = true;
    return this;
  }

  /** Adds keys for the default user, skipping ones already present. */
  public CloudConfigBuilder addDefaultUserKeys(List<String> keys) {
    keys.stream().filter(k -> !defaultUserKeys.contains(k)).forEach(defaultUserKeys::add);
    return this;
  }

  public CloudConfigBuilder addUser(UserSpec user) {
    users.add(user);
    return this;
  }

  public CloudConfigBuilder addFile(FileSpec file) {
    files.add(file);
    return this;
  }

  public CloudConfigBuilder addRunCommand(RunCommand command) {
    runcmd.add(command);
    return this;
  }

  public CloudConfigBuilder addMount(MountSpec mount) {
    mounts.add(mount);
    return this;
  }

  public CloudConfigBuilder addFsSetup(FsSetupSpec fs) {
    fsSetup.add(fs);
    return this;
  }

  /** Sets the ready callback; a seed has at most one, so a second one is a conflict. */
  public CloudConfigBuilder readyCallback(ReadyCallback callback) {
    if (readyCallback.isPresent()) {
      throw new InvalidSeedException("phone_home", "is already set");
    }
    readyCallback = Optional.of(callback);
    return this;
  }

  /**
   * Returns the collected configuration.
   *
   * @throws InvalidSeedException if contributions clash, e.g. two mounts on one mount point
   */
  public CloudConfig build() {
    return new CloudConfig(
        fqdn,
        manageEtcHosts,
        disableSshPasswordAuthentication,
        defaultUserKeys,
        users,
        files,
        runcmd,
        mounts,
        fsSetup,
        readyCallback);
  }
}
