package dev.hangar.context.broker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a VM's context from what the members of its group provided. Stateless: callers pass the
 * group and every member's current data.
 *
 * <p>The context of a VM of role R, once complete, holds (sorted by key):
 *
 * <ul>
 *   <li>{@code self.hostname}, {@code self.role}: the VM itself;
 *   <li>for every role Q that R requires: {@code role.Q.hosts} (its host names, comma-separated, in
 *       host name order) and {@code role.Q.<key>} (the values of {@code <key>} of Q's VMs joined by
 *       ',' in the same order, VMs without the key skipped; for a single VM just its value);
 *   <li>for every VM h of a required role: {@code peer.h.role} and {@code peer.h.<key>} for each
 *       key it provided, e.g. {@code peer.worker-2.address=10.0.2.15}.
 * </ul>
 */
public final class ContextBroker {
  private ContextBroker() {}

  /**
   * The context of {@code self}, or empty while some VM of a role it requires has not provided.
   *
   * @param group the group's roles
   * @param self the VM asking
   * @param members every VM of the group, including {@code self}
   */
  public static Optional<SortedMap<String, String>> contextFor(
      GroupSpec group, Member self, Collection<Member> members) {
    RoleSpec role =
        group
            .role(self.role())
            .orElseThrow(() -> new IllegalArgumentException("no role " + self.role()));
    SortedMap<String, String> context = new TreeMap<>();
    context.put("self.hostname", self.hostname());
    context.put("self.role", self.role());
    for (String required : role.requires()) {
      List<Member> providers =
          members.stream()
              .filter(m -> m.role().equals(required))
              .sorted(Comparator.comparing(Member::hostname))
              .toList();
      int expected = group.role(required).orElseThrow().count();
      if (providers.size() < expected || providers.stream().anyMatch(m -> m.provided().isEmpty())) {
        return Optional.empty();
      }
      addRole(context, required, providers);
    }
    return Optional.of(context);
  }

  /** How many VMs of the roles {@code self} requires have not provided yet (0 when complete). */
  public static int waitingFor(GroupSpec group, Member self, Collection<Member> members) {
    RoleSpec role = group.role(self.role()).orElseThrow();
    int waiting = 0;
    for (String required : role.requires()) {
      long provided =
          members.stream()
              .filter(m -> m.role().equals(required) && m.provided().isPresent())
              .count();
      waiting += Math.max(0, group.role(required).orElseThrow().count() - (int) provided);
    }
    return waiting;
  }

  private static void addRole(Map<String, String> context, String role, List<Member> providers) {
    context.put(
        "role." + role + ".hosts",
        String.join(",", providers.stream().map(Member::hostname).toList()));
    TreeSet<String> keys = new TreeSet<>();
    providers.forEach(m -> keys.addAll(m.provided().orElseThrow().keySet()));
    for (String key : keys) {
      List<String> values = new ArrayList<>();
      for (Member m : providers) {
        String value = m.provided().orElseThrow().get(key);
        if (value != null) {
          values.add(value);
        }
      }
      context.put("role." + role + "." + key, String.join(",", values));
    }
    for (Member m : providers) {
      context.put("peer." + m.hostname() + ".role", role);
      m.provided()
          .orElseThrow()
          .forEach((key, value) -> context.put("peer." + m.hostname() + "." + key, value));
    }
  }
}
