package dev.hangar.deployer.reconcile;

import dev.hangar.deployer.libvirt.VmState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides the corrections for one node from its observation and the intents Hangar holds; a pure
 * function of its inputs, so every rule is testable without libvirt or a database.
 *
 * <p>Rules, for intents that are not busy:
 *
 * <ul>
 *   <li>RUNNING on its home node: domain missing → {@link Correction.Vanished}; shut off or crashed
 *       → {@link Correction.Restart} while fewer than {@code maxRestarts} restarts were made within
 *       the window, else {@link Correction.GiveUp}. Running, blocked, paused or shutting down
 *       counts as up (a pause is libvirt's or an operator's, not a failure to undo).
 *   <li>STOPPED on its home node: domain missing → {@link Correction.Vanished}; running (or paused,
 *       blocked) → {@link Correction.Stop}. Hangar's record is the desired state, so a VM started
 *       behind its back is stopped, not adopted.
 *   <li>KEEP on its home node: a domain present is left for inspection; none, after the grace
 *       period → {@link Correction.ReleaseLeftovers}.
 *   <li>ABSENT anywhere, or any goal on a node that is not its home: its domain and per-deployment
 *       volumes there are orphans, removed once the intent is older than the grace period.
 *   <li>A Hangar-named domain ({@code hangar-…}) no intent names → {@link Correction.Unknown}.
 * </ul>
 */
public final class ReconcilePlanner {
  /** Prefix of the domains Hangar creates ({@code hangar-<instance-id>}). */
  public static final String DOMAIN_PREFIX = "hangar-";

  private static final String CACHE_PREFIX = "sha256-";

  private final ReconcilePolicy policy;

  public ReconcilePlanner(ReconcilePolicy policy) {
    this.policy = policy;
  }

  /**
   * The corrections for {@code observed}'s node given every intent that may concern it (at least
   * those whose domain or volumes appear there and those whose home it is).
   */
  public List<Correction> plan(NodeObservation observed, Collection<Intent> intents, Instant now) {
    String node = observed.node();
    Map<String, Intent> byDomain = new HashMap<>();
    for (Intent i : intents) {
      byDomain.put(i.domainName(), i);
    }
    Map<String, List<String>> volumesByDomain = volumesByDomain(observed.volumes(), byDomain);
    List<Correction> out = new ArrayList<>();
    for (Intent intent : intents) {
      if (intent.busy() || intent.since().isAfter(observed.at())) {
        continue; // someone else owns it, or it changed after we looked
      }
      VmState state = observed.domains().get(intent.domainName());
      boolean home = node.equals(intent.homeNode());
      if (!home && intent.homeNode() != null && observed.sameHost().contains(intent.homeNode())) {
        continue; // the same domain seen through another entry for its host: that pass owns it
      }
      if (!home || intent.goal() == Intent.Goal.ABSENT) {
        if (graceOver(intent, now)) {
          if (state != null) {
            out.add(new Correction.RemoveOrphanDomain(node, intent, intent.domainName()));
          }
          for (String v : volumesByDomain.getOrDefault(intent.domainName(), List.of())) {
            out.add(new Correction.RemoveOrphanVolume(node, intent, v));
          }
        }
        continue;
      }
      switch (intent.goal()) {
        case RUNNING -> {
          if (state == null) {
            out.add(new Correction.Vanished(node, intent));
          } else if (state == VmState.SHUT_OFF || state == VmState.CRASHED) {
            out.add(
                intent.recentRestarts() < policy.maxRestarts()
                    ? new Correction.Restart(node, intent, state, intent.recentRestarts() + 1)
                    : new Correction.GiveUp(node, intent, state));
          }
        }
        case STOPPED -> {
          if (state == null) {
            out.add(new Correction.Vanished(node, intent));
          } else if (isUp(state)) {
            out.add(new Correction.Stop(node, intent, state));
          }
        }
        case KEEP -> {
          if (state == null && graceOver(intent, now)) {
            out.add(new Correction.ReleaseLeftovers(node, intent));
          }
        }
        case ABSENT -> throw new AssertionError("handled above");
      }
    }
    for (String domain : new TreeSet<>(observed.domains().keySet())) {
      if (domain.startsWith(DOMAIN_PREFIX) && !byDomain.containsKey(domain)) {
        out.add(new Correction.Unknown(node, domain));
      }
    }
    return out;
  }

  /**
   * Domain names the per-deployment volumes in {@code volumes} may belong to ({@code
   * <domain>-<suffix>}, for every {@code -} in the name), so the caller can look up intents for
   * them.
   */
  public static Set<String> candidateDomains(Collection<String> volumes) {
    Set<String> out = new TreeSet<>();
    for (String v : volumes) {
      if (!v.startsWith(DOMAIN_PREFIX)) {
        continue;
      }
      for (int i = v.indexOf('-'); i > 0; i = v.indexOf('-', i + 1)) {
        out.add(v.substring(0, i));
      }
    }
    return out;
  }

  /** Whether an unreferenced claim made at {@code createdAt} has outlived the grace period. */
  public boolean claimGraceOver(Instant createdAt, Instant now) {
    return !createdAt.plus(policy.orphanGrace()).isAfter(now);
  }

  private boolean graceOver(Intent intent, Instant now) {
    return !intent.since().plus(policy.orphanGrace()).isAfter(now);
  }

  private static boolean isUp(VmState state) {
    return state == VmState.RUNNING
        || state == VmState.BLOCKED
        || state == VmState.PAUSED
        || state == VmState.NO_STATE;
  }

  private static Map<String, List<String>> volumesByDomain(
      Set<String> volumes, Map<String, Intent> byDomain) {
    Map<String, List<String>> out = new HashMap<>();
    for (String v : new TreeSet<>(volumes)) {
      if (v.startsWith(CACHE_PREFIX)) {
        continue; // the shared image cache is the cache policy's, never an orphan
      }
      for (int i = v.indexOf('-'); i > 0; i = v.indexOf('-', i + 1)) {
        String domain = v.substring(0, i);
        if (byDomain.containsKey(domain)) {
          out.computeIfAbsent(domain, d -> new ArrayList<>()).add(v);
          break;
        }
      }
    }
    return out;
  }
}
