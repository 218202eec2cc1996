package dev.hangar.deployer.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A virtio NIC of the domain: either QEMU user-mode networking ({@code <interface type='user'>},
 * slirp: outbound NAT, the guest reaches the node's loopback as 10.0.2.2 and gets 10.0.2.15 by
 * DHCP) or a port on a named libvirt network ({@code <interface type='network'>}).
 *
 * @param network the libvirt network name, or empty for user-mode networking
 * @param macAddress lower-case colon-separated MAC address, or empty to let libvirt pick one
 */
public record NetworkInterface(Optional<String> network, Optional<String> macAddress) {
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

  /** Rejects a blank network name and a malformed MAC address. */
  public NetworkInterface {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(macAddress, "macAddress");
    network.ifPresent(
        name -> {
          if (name.isBlank()) {
            throw new IllegalArgumentException("libvirt network name must not be blank");
          }
        });
    macAddress.ifPresent(
        mac -> {
          if (!MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("invalid MAC address: " + mac);
          }
        });
  }

  /** A user-mode networking NIC with {@code macAddress}. */
  public static NetworkInterface userMode(String macAddress) {
    return new NetworkInterface(Optional.empty(), Optional.of(macAddress));
  }

  /** A NIC on the libvirt network {@code name} with {@code macAddress}. */
  public static NetworkInterface onNetwork(String name, String macAddress) {
    return new NetworkInterface(Optional.of(name), Optional.of(macAddress));
  }

  /**
   * A stable, locally administered MAC address for {@code instanceId} in QEMU's 52:54:00 range, so
   * the same instance keeps its address (and network-config matching it) across redeploys.
   */
  public static String macFor(String instanceId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(instanceId.getBytes(StandardCharsets.UTF_8));
      return "52:54:00:" + HexFormat.ofDelimiter(":").formatHex(hash, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
