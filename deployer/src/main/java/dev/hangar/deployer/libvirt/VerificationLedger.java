package dev.hangar.deployer.libvirt;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;

/**
 * The deployer's record of which cache volumes it has fully re-hashed, with the {@link VolumeStamp}
 * libvirt reported for each at the time: {@code volume = digest stamp}.
 *
 * <p>Kept on the deployer's side, not on the node: whoever can rewrite a volume on the node could
 * rewrite a marker stored next to it, while this file is only as exposed as the deployer's own
 * state. Losing it only costs one full re-hash per volume. Each call reads and rewrites the file;
 * instances sharing one must be used by one thread at a time ({@code Deployer} serialises its calls
 * per node).
 */
public final class VerificationLedger {
  private final PropertiesFile file;

  /** Keeps the ledger in {@code file} (created on first record). */
  public VerificationLedger(Path file) {
    this.file =
        new PropertiesFile(file, "hangar node cache: volume = verified SHA-256 and libvirt stamp");
  }

  /** True when {@code volume} was verified to hold {@code digestHex} with exactly this stamp. */
  public synchronized boolean vouchesFor(String volume, String digestHex, VolumeStamp current) {
    return recorded(file.load(), volume)
        .filter(r -> r.digestHex().equals(digestHex) && r.stamp().equals(current))
        .isPresent();
  }

  /**
   * Records that {@code volume} hashed to {@code digestHex} while libvirt reported {@code stamp}.
   */
  public synchronized void record(String volume, String digestHex, VolumeStamp stamp) {
    Properties entries = file.load();
    entries.setProperty(volume, digestHex + " " + stamp.encode());
    file.store(entries);
  }

  /** Drops whatever is recorded for {@code volumes} (evicted, deleted or found tampered). */
  public synchronized void forget(Collection<String> volumes) {
    Properties entries = file.load();
    boolean changed = false;
    for (String volume : volumes) {
      changed |= entries.remove(volume) != null;
    }
    if (changed) {
      file.store(entries);
    }
  }

  private static Optional<Recorded> recorded(Properties entries, String volume) {
    String value = entries.getProperty(volume);
    if (value == null) {
      return Optional.empty();
    }
    int space = value.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    return VolumeStamp.decode(value.substring(space + 1))
        .map(stamp -> new Recorded(value.substring(0, space), stamp));
  }

  private record Recorded(String digestHex, VolumeStamp stamp) {}
}
