package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastCdcChunkerTest {

  /** The parameters of the reference vectors (the defaults until packing made chunks cheap). */
  private static final ChunkerParams REFERENCE =
      new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024);

  private final FastCdcChunker chunker = new FastCdcChunker(REFERENCE);

  @Test
  void defaultsAreEightThirtyTwoAndOneHundredTwentyEightKiB() {
    // Chosen with the chunk-size table in BENCHMARKS.md; changing them changes every boundary.
    assertEquals(new ChunkerParams(8 * 1024, 32 * 1024, 128 * 1024), ChunkerParams.defaults());
  }

  @Test
  void gearTableFollowsTheDocumentedDerivation() {
    long[] gear = FastCdcChunker.gearTable();
    assertEquals(256, gear.length);
    // Values from an independent Python implementation of the FORMAT.md derivation.
    assertEquals(0x13d7fcb1e6f74117L, gear[0]);
    assertEquals(0xaa58795a574ce4bbL, gear[255]);
    assertEquals(256, java.util.Arrays.stream(gear).distinct().count());
  }

  @Test
  void cutsAtTheBoundariesOfTheReferenceImplementation() throws IOException {
    // Vectors produced by an independent Python implementation of the FORMAT.md cut rule.
    byte[] data = TestData.shaCounterStream(1 << 20);
    assertEquals(
        List.of(
            79365, 74586, 69336, 68751, 86871, 66553, 96152, 25270, 31001, 18980, 66935, 131243,
            92098, 61562, 79873),
        TestData.chunkLengths(chunker, new ByteArrayInputStream(data)));
    FastCdcChunker small = new FastCdcChunker(new ChunkerParams(256, 1024, 4096));
    assertEquals(
        List.of(
            1227, 1312, 1213, 1086, 1052, 1071, 1845, 450, 2158, 1269, 1209, 1256, 1034, 1459, 310,
            1191, 1030, 1128, 1055, 1280),
        TestData.chunkLengths(small, new ByteArrayInputStream(data, 0, 65536)).subList(0, 20));
  }

  @Test
  void boundariesDoNotDependOnHowTheStreamDeliversBytes() throws IOException {
    byte[] data = TestData.random(3_000_000, 11);
    List<Integer> whole = TestData.chunkLengths(chunker, new ByteArrayInputStream(data));
    List<Integer> trickled = TestData.chunkLengths(chunker, TestData.trickle(data, 12));
    assertEquals(whole, trickled);
    assertEquals(whole, TestData.chunkLengths(chunker, new ByteArrayInputStream(data)));
  }

  @Test
  void chunksCoverTheStreamAndStayWithinBoundsExceptTheLast() throws IOException {
    byte[] data = TestData.random(5_000_000, 13);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    FastCdcChunker.Reader reader = chunker.open(new ByteArrayInputStream(data));
    long expectedOffset = 0;
    int count = 0;
    Optional<Chunk> chunk = reader.next();
    while (chunk.isPresent()) {
      Chunk current = chunk.get();
      chunk = reader.next();
      assertEquals(expectedOffset, current.offset());
      assertTrue(current.length() <= 256 * 1024, "chunk above max: " + current.length());
      if (chunk.isPresent()) {
        assertTrue(current.length() >= 16 * 1024, "chunk below min: " + current.length());
      }
      joined.writeBytes(current.data());
      expectedOffset += current.length();
      count++;
    }
    assertArrayEquals(data, joined.toByteArray());
    double average = (double) data.length / count;
    assertTrue(average > 40_000 && average < 100_000, "average chunk size " + average);
  }

  @Test
  void zeroRunsBecomeMaximumSizeChunks() throws IOException {
    List<Integer> lengths =
        TestData.chunkLengths(chunker, new ByteArrayInputStream(new byte[1024 * 1024]));
    assertEquals(List.of(262144, 262144, 262144, 262144), lengths);
  }

  @Test
  void zeroShortcutCutsExactlyWhereTheGearLoopCuts() {
    for (ChunkerParams params :
        List.of(
            ChunkerParams.defaults(),
            new ChunkerParams(256, 1024, 4096),
            new ChunkerParams(4096, 16384, 65536))) {
      FastCdcChunker c = new FastCdcChunker(params);
      java.util.Random random = new java.util.Random(params.avg());
      for (int trial = 0; trial < 300; trial++) {
        byte[] data = new byte[params.max() + 100];
        // Zeros with a few non-zero bytes anywhere (or none), so both paths are exercised.
        for (int k = random.nextInt(4); k > 0; k--) {
          data[random.nextInt(data.length)] = (byte) (1 + random.nextInt(255));
        }
        int n = trial % 3 == 0 ? params.max() - 1 : data.length;
        assertEquals(c.gearCut(data, 0, n), c.cut(data, 0, n), "trial " + trial + " " + params);
      }
    }
  }

  @Test
  void emptyStreamHasNoChunksAndTinyStreamHasOne() throws IOException {
    assertEquals(List.of(), TestData.chunkLengths(chunker, InputStream.nullInputStream()));
    assertEquals(
        List.of(10), TestData.chunkLengths(chunker, new ByteArrayInputStream(new byte[10])));
  }

  @Test
  void boundariesResynchroniseAfterAnInsertionNearTheStart() throws IOException {
    byte[] data = TestData.random(8_000_000, 14);
    byte[] shifted = new byte[data.length + 37];
    System.arraycopy(data, 0, shifted, 0, 1000);
    System.arraycopy(TestData.random(37, 15), 0, shifted, 1000, 37);
    System.arraycopy(data, 1000, shifted, 1037, data.length - 1000);

    Set<Digest> original = chunkDigests(data);
    Set<Digest> modified = chunkDigests(shifted);
    Set<Digest> shared = new HashSet<>(original);
    shared.retainAll(modified);
    assertTrue(
        shared.size() >= original.size() - 3,
        "only " + shared.size() + " of " + original.size() + " chunks shared");
  }

  @Test
  void rejectsInconsistentParams() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(4096, 1000, 8192));
    assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(8192, 4096, 16384));
    assertThrows(IllegalArgumentException.class, () -> new ChunkerParams(1024, 4096, 4096));
    assertThrows(
        IllegalArgumentException.class, () -> new ChunkerParams(1024, 4096, 16 * 1024 * 1024));
  }

  private Set<Digest> chunkDigests(byte[] data) throws IOException {
    Set<Digest> digests = new HashSet<>();
    FastCdcChunker.Reader reader = chunker.open(new ByteArrayInputStream(data));
    for (var chunk = reader.next(); chunk.isPresent(); chunk = reader.next()) {
      digests.add(Digest.of(chunk.get().data()));
    }
    return digests;
  }
}
