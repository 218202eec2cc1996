package dev.hangar.deployer.scheduler;

import dev.hangar.deployer.pool.NodeCapacity;
import dev.hangar.deployer.pool.NodeState;
import dev.hangar.deployer.pool.PoolSnapshot;
import dev.hangar.deployer.pool.PooledNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The placeable nodes of one pool snapshot, flattened into parallel primitive arrays so a decision
 * is a tight loop over ints and longs: architectures and domain types become bit masks, labels a
 * bit set, sites small integers, and caps are precomputed from capacity and configuration.
 *
 * <p>Only ACTIVE nodes with a probed capacity are included; that is the state filter. Usage
 * counters are shared with the scheduler by node id, so rebuilding keeps reservations.
 */
final class Topology {
  private static final int MAX_RESOLVED = 65_536;

  final long version;
  final int size;
  final String[] ids;
  final Map<String, Integer> indexById = new HashMap<>();
  final Map<String, Integer> archIndex = new HashMap<>();
  final Map<String, Integer> typeIndex = new HashMap<>();
  final Map<String, Integer> siteIndex = new HashMap<>();
  final Map<String, Integer> labelIndex = new HashMap<>();
  final List<String> typeNames = new ArrayList<>();
  final int[] typeOverheadMiB;
  final long[] archMask;
  final long[] typeMask;
  final int[] site;
  final int labelWords;
  final long[] labelBits;
  final int[] vcpuCap;
  final long[] memoryCapMiB;
  final double[] inverseVcpuCap;
  final double[] inverseMemoryCap;
  final int[] cheapestType;
  final NodeUsage[] usage;
  final CandidateIndex candidates;
  // Holders uses identity equals/hashCode, which is exactly the memo key wanted.
  private final Map<CacheIndex.Holders, int[]> resolved = new ConcurrentHashMap<>();

  Topology(PoolSnapshot snapshot, SchedulerConfig config, Function<String, NodeUsage> usageFor) {
    version = snapshot.version();
    List<PooledNode> placeable = new ArrayList<>();
    for (PooledNode pooled : snapshot.nodes()) {
      if (pooled.node().state() == NodeState.ACTIVE && pooled.capacity().isPresent()) {
        placeable.add(pooled);
      }
    }
    size = placeable.size();
    ids = new String[size];
    archMask = new long[size];
    typeMask = new long[size];
    site = new int[size];
    vcpuCap = new int[size];
    memoryCapMiB = new long[size];
    inverseVcpuCap = new double[size];
    inverseMemoryCap = new double[size];
    cheapestType = new int[size];
    usage = new NodeUsage[size];
    for (PooledNode pooled : placeable) {
      pooled
          .node()
          .labels()
          .forEach((k, v) -> intern(labelIndex, labelKey(k, v), Integer.MAX_VALUE));
    }
    labelWords = (labelIndex.size() + 63) / 64;
    labelBits = new long[size * labelWords];
    for (int i = 0; i < size; i++) {
      describe(i, placeable.get(i), config, usageFor);
    }
    typeOverheadMiB = typeNames.stream().mapToInt(config::overheadMiB).toArray();
    for (int i = 0; i < size; i++) {
      cheapestType[i] = cheapest(typeMask[i]);
    }
    candidates = new CandidateIndex(this);
  }

  /**
   * Node indexes of {@code holders}' node ids (-1 for nodes not placeable here), memoised per
   * holders value: those are replaced, never mutated, so identity is a safe key. The memo is
   * bounded like the candidate memo.
   */
  int[] resolve(CacheIndex.Holders holders) {
    int[] cached = resolved.get(holders);
    if (cached != null) {
      return cached;
    }
    int[] indexes = new int[holders.size()];
    for (int h = 0; h < indexes.length; h++) {
      indexes[h] = indexById.getOrDefault(holders.nodeId(h), -1);
    }
    if (resolved.size() >= MAX_RESOLVED) {
      resolved.clear();
    }
    resolved.put(holders, indexes);
    return indexes;
  }

  static String labelKey(String key, String value) {
    return key + '\u0000' + value;
  }

  private void describe(
      int i, PooledNode pooled, SchedulerConfig config, Function<String, NodeUsage> usageFor) {
    NodeCapacity capacity = pooled.capacity().orElseThrow();
    String id = pooled.node().id();
    ids[i] = id;
    indexById.put(id, i);
    for (String arch : capacity.arches()) {
      archMask[i] |= 1L << intern(archIndex, arch, 64);
    }
    for (String type : capacity.domainTypes()) {
      int before = typeIndex.size();
      int index = intern(typeIndex, type, 64);
      if (typeIndex.size() > before) {
        typeNames.add(type);
      }
      typeMask[i] |= 1L << index;
    }
    site[i] = intern(siteIndex, pooled.node().site(), Integer.MAX_VALUE);
    for (Map.Entry<String, String> label : pooled.node().labels().entrySet()) {
      int bit = labelIndex.get(labelKey(label.getKey(), label.getValue()));
      labelBits[i * labelWords + bit / 64] |= 1L << (bit % 64);
    }
    vcpuCap[i] = (int) Math.floor(capacity.cpus() * config.cpuAllocationRatio());
    memoryCapMiB[i] = Math.max(0, capacity.memoryMiB() - config.hostReservedMiB());
    inverseVcpuCap[i] = vcpuCap[i] == 0 ? 0 : 1.0 / vcpuCap[i];
    inverseMemoryCap[i] = memoryCapMiB[i] == 0 ? 0 : 1.0 / memoryCapMiB[i];
    usage[i] = usageFor.apply(id);
  }

  /** Index of the offered domain type with the least overhead, -1 if none is offered. */
  private int cheapest(long mask) {
    int best = -1;
    for (int t = 0; t < typeNames.size(); t++) {
      if ((mask & (1L << t)) != 0 && (best < 0 || typeOverheadMiB[t] < typeOverheadMiB[best])) {
        best = t;
      }
    }
    return best;
  }

  private static int intern(Map<String, Integer> index, String key, int limit) {
    Integer existing = index.get(key);
    if (existing != null) {
      return existing;
    }
    if (index.size() >= limit) {
      throw new IllegalStateException("more than " + limit + " distinct values, e.g. " + key);
    }
    index.put(key, index.size());
    return index.size() - 1;
  }
}
