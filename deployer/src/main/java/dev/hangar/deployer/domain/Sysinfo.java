package dev.hangar.deployer.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * SMBIOS system information the guest reads from its firmware tables ({@code <sysinfo
 * type='smbios'>}, with {@code <smbios mode='sysinfo'/>} in {@code <os>}). cloud-init reads the
 * system serial to find a NoCloud-net seed URL ({@code ds=nocloud-net;s=<url>/}).
 *
 * @param system entries of the SMBIOS type 1 (system) table, in writing order, keyed by libvirt's
 *     entry names
 */
public record Sysinfo(Map<String, String> system) {
  private static final Set<String> SYSTEM_ENTRIES =
      Set.of("manufacturer", "product", "version", "serial", "uuid", "sku", "family");

  /** Rejects unknown entry names and values with control characters; keeps the order given. */
  public Sysinfo {
    Objects.requireNonNull(system, "system");
    Map<String, String> copy = new LinkedHashMap<>();
    system.forEach(
        (name, value) -> {
          if (!SYSTEM_ENTRIES.contains(name)) {
            throw new IllegalArgumentException("unknown SMBIOS system entry: " + name);
          }
          Objects.requireNonNull(value, name);
          if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("SMBIOS " + name + " has control characters");
          }
          copy.put(name, value);
        });
    system = java.util.Collections.unmodifiableMap(copy);
  }

  /** System information holding only a serial number. */
  public static Sysinfo serial(String serial) {
    return new Sysinfo(Map.of("serial", serial));
  }
}
