package dev.hangar.context;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which guest NIC a network configuration applies to, and the name it gets: either the NIC with a
 * given MAC address, renamed to {@code name}, or the NIC already called {@code name}.
 *
 * @param name interface name, e.g. {@code eth0} or {@code ens3}
 * @param macAddress lower-case colon-separated MAC address, or empty to match by name
 */
public record NicMatch(String name, Optional<String> macAddress) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,14}");
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

  /** Validates both fields; {@link InvalidSeedException#field()} names the offending one. */
  public NicMatch {
    Fields.matching("network.nic.name", name, NAME, "must be an interface name like eth0");
    Fields.require("network.nic.macAddress", macAddress)
        .ifPresent(
            mac ->
                Fields.matching(
                    "network.nic.macAddress", mac, MAC, "must be a MAC like 52:54:00:12:34:56"));
  }

  /** The NIC with this MAC address, named {@code eth0}. */
  public static NicMatch byMac(String macAddress) {
    return new NicMatch("eth0", Optional.of(macAddress.toLowerCase(Locale.ROOT)));
  }

  public static NicMatch byName(String name) {
    return new NicMatch(name, Optional.empty());
  }
}
