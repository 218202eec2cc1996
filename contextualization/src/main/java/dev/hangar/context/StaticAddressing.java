package dev.hangar.context;

import java.util.List;
import java.util.Optional;

/**
 * A fixed IPv4 configuration allocated by the caller, e.g. from an {@link IpPool}.
 *
 * @param address the interface address with its subnet's prefix length, e.g. {@code 10.0.0.5/24};
 *     neither the network nor the broadcast address
 * @param gateway default gateway inside the subnet, or empty for an isolated network
 * @param nameservers DNS servers, may be empty
 * @param searchDomains DNS search domains, may be empty
 */
public record StaticAddressing(
    Ipv4Cidr address,
    Optional<Ipv4Address> gateway,
    List<Ipv4Address> nameservers,
    List<String> searchDomains) {

  /** Validates every field; {@link InvalidSeedException#field()} names the offending one. */
  public StaticAddressing {
    Fields.require("network.address", address);
    if (address.prefixLength() < 31
        && (address.address().equals(address.network())
            || address.address().equals(address.broadcast()))) {
      throw new InvalidSeedException(
          "network.address", "must be a host address, not the network or broadcast address");
    }
    Fields.require("network.gateway", gateway)
        .ifPresent(
            gw -> {
              if (!address.contains(gw) || gw.equals(address.address())) {
                throw new InvalidSeedException(
                    "network.gateway", "must be another address inside " + address);
              }
            });
    nameservers = List.copyOf(Fields.require("network.nameservers", nameservers));
    searchDomains = List.copyOf(Fields.require("network.searchDomains", searchDomains));
    for (int i = 0; i < searchDomains.size(); i++) {
      Fields.hostname("network.searchDomains[" + i + "]", searchDomains.get(i));
    }
  }
}
