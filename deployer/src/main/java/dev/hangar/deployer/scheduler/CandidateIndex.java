package dev.hangar.deployer.scheduler;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes of one {@link Topology} that pass a request's static filters (architecture, domain
 * type, labels, trusted sites, named or excluded nodes), memoised per distinct combination.
 *
 * <p>These filters depend only on the request and the topology, never on usage, and real request
 * streams repeat a handful of combinations; so each combination is filtered once per topology and
 * the per-decision loop runs over the survivors only. The memo is dropped wholesale when it grows
 * past {@link #MAX_ENTRIES}, which bounds memory against adversarial variety.
 */
final class CandidateIndex {
  private static final int MAX_ENTRIES = 4096;
  private static final int[] NONE = new int[0];

  private final Topology t;
  private final Map<Key, int[]> memo = new ConcurrentHashMap<>();

  CandidateIndex(Topology topology) {
    this.t = topology;
  }

  /** Indexes of the nodes passing {@code request}'s static filters, in node order. */
  int[] candidates(PlacementRequest request) {
    Key key =
        new Key(
            request.arch(),
            request.domainType(),
            request.requiredLabels(),
            request.trustedSites(),
            request.onlyNodes(),
            request.excludedNodes());
    int[] cached = memo.get(key);
    if (cached != null) {
      return cached;
    }
    if (memo.size() >= MAX_ENTRIES) {
      memo.clear();
    }
    int[] computed = filter(request);
    memo.put(key, computed);
    return computed;
  }

  private int[] filter(PlacementRequest request) {
    Integer arch = t.archIndex.get(request.arch());
    if (arch == null) {
      return NONE;
    }
    long typeBit = 0;
    if (request.domainType().isPresent()) {
      Integer type = t.typeIndex.get(request.domainType().get());
      if (type == null) {
        return NONE;
      }
      typeBit = 1L << type;
    }
    long[] labels = requiredLabels(request.requiredLabels());
    boolean[] sites = trustedSites(request.trustedSites());
    if (labels == null || (sites != null && sites.length == 0)) {
      return NONE;
    }
    int[] out = new int[t.size];
    int count = 0;
    for (int i = 0; i < t.size; i++) {
      boolean pass =
          (t.archMask[i] & (1L << arch)) != 0
              && (typeBit == 0 ? t.cheapestType[i] >= 0 : (t.typeMask[i] & typeBit) != 0)
              && (sites == null || sites[t.site[i]])
              && hasLabels(i * t.labelWords, labels)
              && (request.onlyNodes().isEmpty() || request.onlyNodes().contains(t.ids[i]))
              && !request.excludedNodes().contains(t.ids[i]);
      if (pass) {
        out[count++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, count);
  }

  private boolean hasLabels(int offset, long[] required) {
    for (int w = 0; w < required.length; w++) {
      if ((t.labelBits[offset + w] & required[w]) != required[w]) {
        return false;
      }
    }
    return true;
  }

  /** Required label bits, or null if some label is carried by no node at all. */
  private long[] requiredLabels(Map<String, String> labels) {
    long[] words = new long[labels.isEmpty() ? 0 : t.labelWords];
    for (Map.Entry<String, String> label : labels.entrySet()) {
      Integer bit = t.labelIndex.get(Topology.labelKey(label.getKey(), label.getValue()));
      if (bit == null) {
        return null;
      }
      words[bit / 64] |= 1L << (bit % 64);
    }
    return words;
  }

  /** Null for "any site", an empty array if no node is in a trusted site. */
  private boolean[] trustedSites(Set<String> trusted) {
    if (trusted.isEmpty()) {
      return null;
    }
    boolean[] ok = new boolean[t.siteIndex.size()];
    boolean any = false;
    for (String site : trusted) {
      Integer index = t.siteIndex.get(site);
      if (index != null) {
        ok[index] = true;
        any = true;
      }
    }
    return any ? ok : new boolean[0];
  }

  private record Key(
      String arch,
      Optional<String> type,
      Map<String, String> labels,
      Set<String> sites,
      Set<String> only,
      Set<String> excluded) {}
}
