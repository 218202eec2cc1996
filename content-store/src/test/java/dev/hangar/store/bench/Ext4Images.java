package dev.hangar.store.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Builds families of ext4 images with {@code mke2fs -d} from generated directory trees: a base tree
 * of text-like, binary-like and random files, and variants with a few files changed, added or
 * removed.
 */
final class Ext4Images {

  private final Path work;
  private final int treeMib;

  Ext4Images(Path work, int treeMib) {
    this.work = work;
    this.treeMib = treeMib;
  }

  /** Generates the base tree: files of 4 KiB to 4 MiB until {@code treeMib} MiB are written. */
  Path baseTree() throws IOException {
    Path tree = work.resolve("tree-base");
    Random random = new Random(1);
    long left = (long) treeMib << 20;
    int n = 0;
    while (left > 0) {
      Path dir = tree.resolve("d" + (n / 50)).resolve("s" + (n % 7));
      Files.createDirectories(dir);
      int size = (int) Math.min(left, 4096L << random.nextInt(11));
      writeFile(dir.resolve("f" + n + ".bin"), size, random.nextLong(), n % 3);
      left -= size;
      n++;
    }
    return tree;
  }

  /**
   * Copies {@code base} to a variant: {@code changed} files rewritten (same size, new content),
   * {@code added} new files of 1 MiB, and {@code removed} files deleted.
   */
  Path variant(Path base, String name, long seed, int changed, int added, int removed)
      throws IOException, InterruptedException {
    Path tree = work.resolve("tree-" + name);
    run(List.of("cp", "-a", base.toString(), tree.toString()));
    List<Path> files;
    try (var walk = Files.walk(tree)) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
    }
    Random random = new Random(seed);
    for (int i = 0; i < changed; i++) {
      Path victim = files.get(random.nextInt(files.size()));
      writeFile(victim, (int) Files.size(victim), random.nextLong(), 0);
    }
    for (int i = 0; i < added; i++) {
      writeFile(tree.resolve("d0").resolve("added-" + seed + "-" + i), 1 << 20, seed + i, 1);
    }
    for (int i = 0; i < removed; i++) {
      Files.deleteIfExists(files.get(random.nextInt(files.size())));
    }
    return tree;
  }

  /** Builds an ext4 image of {@code tree} sized 1.25 times the tree plus 32 MiB. */
  Path image(Path tree, String name) throws IOException, InterruptedException {
    Path image = work.resolve(name + ".ext4");
    Files.deleteIfExists(image);
    long mib = treeMib * 5L / 4 + 32;
    run(
        List.of(
            "mke2fs",
            "-q",
            "-F",
            "-t",
            "ext4",
            "-E",
            "root_owner=0:0,hash_seed=" + SEED_UUID,
            "-U",
            SEED_UUID,
            "-d",
            tree.toString(),
            image.toString(),
            mib + "M"));
    return image;
  }

  private static final String SEED_UUID = "6a1f0e9c-0d3b-4a7c-9e1f-2a4b6c8d0e2f";

  /** Kinds: 0 = random, 1 = text-like (compressible), 2 = binary-like (repetitive records). */
  private static void writeFile(Path file, int size, long seed, int kind) throws IOException {
    Random random = new Random(seed);
    byte[] data = new byte[size];
    if (kind == 0) {
      random.nextBytes(data);
    } else if (kind == 1) {
      String[] words = {"hangar ", "appliance ", "partition ", "chunk ", "the ", "of ", "\n"};
      for (int i = 0; i < size; i++) {
        String w = words[random.nextInt(words.length)];
        for (int j = 0; j < w.length() && i < size; j++, i++) {
          data[i] = (byte) w.charAt(j);
        }
      }
    } else {
      for (int i = 0; i + 8 <= size; i += 8) {
        long v = (i / 8) * 2654435761L ^ (random.nextInt(16));
        for (int b = 0; b < 8; b++) {
          data[i + b] = (byte) (v >>> (8 * b));
        }
      }
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(data);
    }
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(command + " failed: " + output);
    }
  }
}
