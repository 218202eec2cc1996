package dev.hangar.deployer;

import dev.hangar.deployer.domain.DacLabel;
import dev.hangar.deployer.libvirt.CachePolicy;
import dev.hangar.deployer.libvirt.LibvirtOperationException;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.deployer.libvirt.VerificationLedger;
import dev.hangar.deployer.libvirt.VmLifecycle;
import dev.hangar.deployer.libvirt.VolumeVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The objects one deployer call uses on one node: its libvirt connection and capabilities (read
 * once per call), domains, image cache, eviction policy and verifier. The policy and ledger state
 * live in files named after the node URI and pool under {@link CacheConfig#stateDir()}, so they
 * survive restarts.
 */
record NodeSession(
    Connect connection,
    String capabilities,
    VmLifecycle vm,
    NodeImageCache cache,
    CachePolicy policy,
    VerificationLedger ledger,
    VolumeVerifier verifier) {

  static NodeSession open(
      Connect connection, String nodeUri, NodeLayout layout, CacheConfig config, Clock clock) {
    String base = layout.poolName() + "-" + shortHash(nodeUri + "\n" + layout.poolDir());
    String capabilities;
    try {
      capabilities = connection.getCapabilities();
    } catch (LibvirtException e) {
      throw new LibvirtOperationException("read capabilities of " + nodeUri, e);
    }
    NodeImageCache cache =
        new NodeImageCache(
            connection,
            layout.poolName(),
            layout.poolDir(),
            DacLabel.fromCapabilities(capabilities));
    VerificationLedger ledger =
        new VerificationLedger(config.stateDir().resolve(base + ".verified"));
    return new NodeSession(
        connection,
        capabilities,
        new VmLifecycle(connection),
        cache,
        new CachePolicy(cache, connection, config.stateDir().resolve(base + ".lastuse"), clock),
        ledger,
        new VolumeVerifier(cache, ledger, clock));
  }

  /** Verifies every file in {@code files}, reporting bytes settled as progress of {@code phase}. */
  void verifyAll(List<StagedFile> files, String phase, DeployListener listener) {
    long total = files.stream().mapToLong(StagedFile::size).sum();
    long done = 0;
    listener.onProgress(phase, done, total);
    for (StagedFile file : files) {
      verifier.verify(file.volumeName(), file.digestHex());
      done += file.size();
      listener.onProgress(phase, done, total);
    }
  }

  private static String shortHash(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }
}
