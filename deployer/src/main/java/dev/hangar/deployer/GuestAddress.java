package dev.hangar.deployer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 address the guest reported on its serial console with a line {@code HANGAR-NET
 * <interface> <address>/<prefix>} (printed by the context agent before {@code HANGAR-READY}).
 *
 * @param iface the guest's interface name, e.g. {@code eth0}
 * @param address dotted-quad IPv4 address
 * @param prefix prefix length, 0 to 32
 */
public record GuestAddress(String iface, String address, int prefix) {
  // Firmware and the kernel leave terminal escapes on the console; a line may start after one.
  private static final Pattern LINE =
      Pattern.compile(
          "(?m)^(?:\u001B\\[[0-9;?]*[A-Za-z])*HANGAR-NET ([A-Za-z0-9._-]{1,15})"
              + " ((?:\\d{1,3}\\.){3}\\d{1,3})/(\\d{1,2})\\r?$");

  /** Rejects a malformed address or prefix. */
  public GuestAddress {
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(address, "address");
    for (String octet : address.split("\\.", -1)) {
      if (octet.isEmpty() || Integer.parseInt(octet) > 255) {
        throw new IllegalArgumentException("invalid IPv4 address " + address);
      }
    }
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("invalid prefix length " + prefix);
    }
  }

  /** The address in CIDR notation, e.g. {@code 10.0.2.15/24}. */
  public String cidr() {
    return address + "/" + prefix;
  }

  /**
   * Returns the addresses reported in the serial console log {@code log} (a node path readable
   * here), or none when the log does not exist yet.
   *
   * @throws UncheckedIOException if the log exists but cannot be read
   */
  public static List<GuestAddress> readConsoleLog(Path log) {
    try {
      return Files.exists(log)
          ? parseConsole(Files.readString(log, StandardCharsets.ISO_8859_1))
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console log " + log, e);
    }
  }

  /**
   * Returns the addresses reported in {@code console} in order, without repeats; lines that do not
   * follow the format exactly (or name an impossible address) are not addresses and are skipped.
   */
  public static List<GuestAddress> parseConsole(String console) {
    List<GuestAddress> found = new ArrayList<>();
    Matcher m = LINE.matcher(console);
    while (m.find()) {
      GuestAddress address;
      try {
        address = new GuestAddress(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
      } catch (IllegalArgumentException e) {
        continue; // e.g. 300.1.1.1: a garbled line, not an address
      }
      if (!found.contains(address)) {
        found.add(address);
      }
    }
    return List.copyOf(found);
  }
}
