package dev.hangar.deployer.scheduler;

import java.util.Map;

/**
 * One thread's reusable search state: filters then weighs every node of a {@link Topology} for one
 * request and remembers the winner.
 *
 * <p>Not thread-safe: the scheduler keeps one per thread so the per-node scratch arrays (cached
 * bytes, group marks) are allocated once, not per decision. Static filters come memoised from the
 * topology's {@link CandidateIndex}, so the loop only checks usage and groups, and allocates
 * nothing.
 */
final class PlacementSearch {
  private final SchedulerConfig config;
  private final CacheIndex cacheIndex;
  private long[] cachedBytes = new long[0];
  private byte[] groupMark = new byte[0];
  private byte[] seen = new byte[0];
  private int[] touched = new int[0];
  private int touchedCount;

  int bestType;
  long bestMemoryMiB;
  double bestScore;

  PlacementSearch(SchedulerConfig config, CacheIndex cacheIndex) {
    this.config = config;
    this.cacheIndex = cacheIndex;
  }

  /**
   * Returns the index of the best node for {@code request} in {@code t}, or -1 if none passes the
   * filters; {@code groupNodes} are the node ids already holding members of the request's group.
   */
  int search(Topology t, PlacementRequest request, Map<String, Integer> groupNodes) {
    ensureCapacity(t.size);
    try {
      return run(t, request, groupNodes);
    } finally {
      for (int k = 0; k < touchedCount; k++) {
        cachedBytes[touched[k]] = 0;
        groupMark[touched[k]] = 0;
        seen[touched[k]] = 0;
      }
      touchedCount = 0;
    }
  }

  private int run(Topology t, PlacementRequest request, Map<String, Integer> groupNodes) {
    int[] candidates = t.candidates.candidates(request);
    if (candidates.length == 0) {
      return -1;
    }
    // The candidate index has checked that a required type exists and is offered.
    int requiredType = request.domainType().map(t.typeIndex::get).orElse(-1);
    boolean affinity = false;
    boolean antiAffinity = false;
    if (request.group().isPresent() && !groupNodes.isEmpty()) {
      affinity = request.group().get().policy() == PlacementGroup.Policy.AFFINITY;
      antiAffinity = !affinity;
      markGroup(t, groupNodes);
    }
    double wantedBytes = markCached(t, request);
    double inverseWanted = wantedBytes > 0 ? 1.0 / wantedBytes : 0;
    boolean pack = config.fit() == SchedulerConfig.Fit.PACK;
    double cacheWeight = config.cacheWeight();
    double fitWeight = config.fitWeight();
    double overheadWeight = config.overheadWeight();
    int vcpus = request.vcpus();
    int memory = request.memoryMiB();

    int best = -1;
    bestScore = Double.NEGATIVE_INFINITY;
    for (int i : candidates) {
      if ((affinity && groupMark[i] == 0) || (antiAffinity && groupMark[i] != 0)) {
        continue;
      }
      int type = requiredType < 0 ? t.cheapestType[i] : requiredType;
      int overhead = t.typeOverheadMiB[type];
      long need = (long) memory + overhead;
      long used = t.usage[i].get();
      long freeMemory = t.memoryCapMiB[i] - NodeUsage.memoryMiB(used) - need;
      int freeVcpus = t.vcpuCap[i] - NodeUsage.vcpus(used) - vcpus;
      if (freeMemory < 0 || freeVcpus < 0) {
        continue;
      }
      double free = 0.5 * (freeMemory * t.inverseMemoryCap[i] + freeVcpus * t.inverseVcpuCap[i]);
      double score =
          cacheWeight * cachedBytes[i] * inverseWanted
              + fitWeight * (pack ? 1.0 - free : free)
              - overheadWeight * overhead / (double) need;
      if (score > bestScore) {
        bestScore = score;
        best = i;
        bestType = type;
        bestMemoryMiB = need;
      }
    }
    return best;
  }

  private void markGroup(Topology t, Map<String, Integer> groupNodes) {
    for (Map.Entry<String, Integer> member : groupNodes.entrySet()) {
      Integer index = t.indexById.get(member.getKey());
      if (index != null && member.getValue() > 0) {
        touch(index);
        groupMark[index] = 1;
      }
    }
  }

  /** Fills {@code cachedBytes} per node and returns the total size of the wanted partitions. */
  private double markCached(Topology t, PlacementRequest request) {
    double wanted = 0;
    for (String digest : request.partitionDigests()) {
      CacheIndex.Holders holders = cacheIndex.holders(digest);
      int[] indexes = t.resolve(holders);
      long size = 0;
      for (int h = 0; h < indexes.length; h++) {
        long bytes = holders.bytes(h);
        size = Math.max(size, bytes);
        int index = indexes[h];
        if (index >= 0) {
          touch(index);
          cachedBytes[index] += bytes;
        }
      }
      wanted += size;
    }
    return wanted;
  }

  private void touch(int index) {
    if (seen[index] == 0) {
      seen[index] = 1;
      touched[touchedCount++] = index;
    }
  }

  private void ensureCapacity(int size) {
    if (cachedBytes.length < size) {
      cachedBytes = new long[size];
      groupMark = new byte[size];
      seen = new byte[size];
      touched = new int[size];
    }
  }
}
