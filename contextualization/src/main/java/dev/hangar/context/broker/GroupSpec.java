package dev.hangar.context.broker;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roles of a group, checked as a whole: names unique, every required role exists, and the host
 * names derived from the roles do not collide.
 *
 * @param roles at least one role, in the order given
 */
public record GroupSpec(List<RoleSpec> roles) {
  /** The most VMs one group may have. */
  public static final int MAX_VMS = 128;

  /** Validates the group; each failure names the role, e.g. {@code roles[1].requires}. */
  public GroupSpec {
    roles = List.copyOf(roles == null ? List.of() : roles);
    if (roles.isEmpty()) {
      throw new InvalidBrokerDataException("roles", "must name at least one role");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < roles.size(); i++) {
      if (!names.add(roles.get(i).name())) {
        throw new InvalidBrokerDataException("roles[" + i + "].name", "is used twice");
      }
    }
    Set<String> hostnames = new HashSet<>();
    int vms = 0;
    for (int i = 0; i < roles.size(); i++) {
      RoleSpec role = roles.get(i);
      for (String required : role.requires()) {
        if (!names.contains(required)) {
          throw new InvalidBrokerDataException(
              "roles[" + i + "].requires", "names no role of the group: " + required);
        }
      }
      for (String hostname : role.hostnames()) {
        if (!hostnames.add(hostname)) {
          throw new InvalidBrokerDataException(
              "roles[" + i + "].name", "gives host name " + hostname + " a second time");
        }
      }
      vms += role.count();
    }
    if (vms > MAX_VMS) {
      throw new InvalidBrokerDataException("roles", "ask for " + vms + " VMs, at most " + MAX_VMS);
    }
  }

  /** The role named {@code name}. */
  public Optional<RoleSpec> role(String name) {
    return roles.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** Every VM of the group as host name to role name, in role order. */
  public Map<String, String> hostnames() {
    Map<String, String> all = new LinkedHashMap<>();
    roles.forEach(r -> r.hostnames().forEach(h -> all.put(h, r.name())));
    return all;
  }
}
