package dev.hangar.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The check behind {@link ContentStore#verify()}, like {@code restic check --read-data}. */
final class Verifier {

  private Verifier() {}

  /** Reads every manifest, every pack index and every referenced chunk and reports each defect. */
  static VerifyReport verify(BlobStore blobs) {
    List<VerifyReport.Problem> problems = new ArrayList<>();
    Map<Digest, Integer> referenced = new TreeMap<>();
    int partitions = 0;
    for (String key : blobs.list("partitions/")) {
      partitions++;
      try {
        Digest digest = Digest.parse(Digest.PREFIX + ContentStore.partitionHexOf(key));
        ContentStore.readManifest(blobs, digest)
            .ifPresent(
                m ->
                    m.chunks().stream()
                        .filter(ref -> !ref.zero())
                        .forEach(ref -> referenced.putIfAbsent(ref.digest(), ref.length())));
      } catch (IllegalArgumentException | CorruptManifestException e) {
        problems.add(new VerifyReport.Problem(key, e.getMessage()));
      }
    }
    ChunkIndex fresh = new ChunkIndex(blobs);
    Map<String, List<PackEntry>> packs =
        Packs.readAll(
            blobs, (key, problem) -> problems.add(new VerifyReport.Problem(key, problem)));
    packs.forEach(
        (id, entries) -> {
          fresh.add(id, entries);
          long needed = entries.stream().mapToLong(PackEntry::end).max().orElse(0);
          Optional<BlobInfo> pack = blobs.stat(Packs.packKey(id));
          if (pack.isEmpty()) {
            problems.add(new VerifyReport.Problem(Packs.packKey(id), "indexed pack is missing"));
          } else if (pack.get().size() < needed) {
            problems.add(
                new VerifyReport.Problem(
                    Packs.packKey(id),
                    "pack has " + pack.get().size() + " bytes, its index needs " + needed));
          }
        });
    for (Map.Entry<Digest, Integer> chunk : referenced.entrySet()) {
      try {
        fresh.load(chunk.getKey(), chunk.getValue());
      } catch (CorruptChunkException e) {
        problems.add(
            new VerifyReport.Problem(ContentStore.chunkKey(chunk.getKey()), e.getMessage()));
      }
    }
    problems.sort((a, b) -> a.key().compareTo(b.key()));
    return new VerifyReport(partitions, referenced.size(), problems);
  }
}
