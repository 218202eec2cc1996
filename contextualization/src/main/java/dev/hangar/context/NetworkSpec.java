package dev.hangar.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guest's network: one ethernet NIC configured by DHCP or with a static address, rendered as
 * cloud-init network-config version 2.
 *
 * @param nic the NIC configured
 * @param addressing the static configuration, or empty for DHCPv4
 */
public record NetworkSpec(NicMatch nic, Optional<StaticAddressing> addressing) {
  /** Rejects missing fields. */
  public NetworkSpec {
    Fields.require("network.nic", nic);
    Fields.require("network.addressing", addressing);
  }

  public static NetworkSpec dhcp(NicMatch nic) {
    return new NetworkSpec(nic, Optional.empty());
  }

  public static NetworkSpec fixed(NicMatch nic, StaticAddressing addressing) {
    return new NetworkSpec(nic, Optional.of(addressing));
  }

  Map<String, Object> toNetworkConfig() {
    Map<String, Object> ethernet = new LinkedHashMap<>();
    nic.macAddress()
        .ifPresent(
            mac -> {
              ethernet.put("match", Map.of("macaddress", mac));
              ethernet.put("set-name", nic.name());
            });
    if (addressing.isEmpty()) {
      ethernet.put("dhcp4", true);
    } else {
      StaticAddressing fixed = addressing.get();
      ethernet.put("dhcp4", false);
      ethernet.put("addresses", List.of(fixed.address().toString()));
      fixed
          .gateway()
          .ifPresent(
              gw -> {
                Map<String, Object> route = new LinkedHashMap<>();
                route.put("to", "0.0.0.0/0");
                route.put("via", gw.toString());
                ethernet.put("routes", List.of(route));
              });
      if (!fixed.nameservers().isEmpty() || !fixed.searchDomains().isEmpty()) {
        Map<String, Object> dns = new LinkedHashMap<>();
        dns.put("addresses", fixed.nameservers().stream().map(Ipv4Address::toString).toList());
        if (!fixed.searchDomains().isEmpty()) {
          dns.put("search", fixed.searchDomains());
        }
        ethernet.put("nameservers", dns);
      }
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("version", 2);
    document.put("ethernets", Map.of(nic.name(), ethernet));
    return document;
  }
}
