package dev.hangar.builder.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The partition table of a raw disk image: its scheme, entries (with detected file systems) and
 * every sanity rule the table breaks.
 *
 * @param scheme GPT, MBR or NONE for a disk without a partition table
 * @param diskSize size of the raw disk in bytes
 * @param entries the used partition slots in table order
 * @param problems one "field: reason" entry per broken sanity rule
 */
public record PartitionTable(
    Scheme scheme, long diskSize, List<PartitionEntry> entries, List<String> problems) {

  /** How the disk is partitioned. */
  public enum Scheme {
    GPT,
    MBR,
    NONE
  }

  /** Copies the lists so the table stays immutable. */
  public PartitionTable {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /** Reads the GPT (preferred when present) or MBR partition table of {@code rawImage}. */
  public static PartitionTable read(Path rawImage) throws IOException {
    try (ImageSource src = ImageSource.open(rawImage)) {
      return PartitionTableReader.read(src);
    }
  }

  /**
   * Copies the bytes of {@code entry} out of {@code rawImage} into {@code out} (replacing it),
   * refusing an entry that does not lie inside the image.
   */
  public static void extractPartition(Path rawImage, PartitionEntry entry, Path out)
      throws IOException {
    try (FileChannel in = FileChannel.open(rawImage, StandardOpenOption.READ);
        FileChannel dst =
            FileChannel.open(
                out,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
      if (entry.start() < 0 || entry.size() < 0 || entry.end() > in.size()) {
        throw new ImageImportException(
            "partition " + entry.index() + " lies outside " + rawImage.getFileName());
      }
      long done = 0;
      while (done < entry.size()) {
        long n = in.transferTo(entry.start() + done, entry.size() - done, dst);
        if (n <= 0) {
          throw new IOException("short read extracting partition " + entry.index());
        }
        done += n;
      }
    }
  }
}
