package dev.hangar.builder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * Writes a deterministic "newc" (SVR4, no CRC) cpio archive, the format the Linux kernel unpacks as
 * an initramfs.
 *
 * <p>Entries are buffered and written by {@link #finish()} sorted by path, so the order in which
 * callers add them does not matter. Every entry gets the same mtime, uid/gid 0 and an inode number
 * equal to its position in that order, so equal inputs give equal bytes.
 */
public final class CpioNewcWriter {
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;
  private static final String TRAILER = "TRAILER!!!";

  private record Entry(int mode, int rdevMajor, int rdevMinor, byte[] data, Path source) {}

  private final OutputStream out;
  private final long mtime;
  private final TreeMap<String, Entry> entries = new TreeMap<>();
  private long written;

  /** Creates a writer that appends to {@code out}, stamping every entry with {@code mtime}. */
  public CpioNewcWriter(OutputStream out, long mtime) {
    if (mtime < 0 || mtime > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("cpio mtime must fit in 32 bits: " + mtime);
    }
    this.out = out;
    this.mtime = mtime;
  }

  /** Adds a directory; parents are not implied, add them explicitly. */
  public void directory(String path, int permissions) {
    add(path, new Entry(S_IFDIR | (permissions & 07777), 0, 0, new byte[0], null));
  }

  /** Adds a regular file with the given bytes. */
  public void file(String path, int permissions, byte[] content) {
    add(path, new Entry(S_IFREG | (permissions & 07777), 0, 0, content.clone(), null));
  }

  /** Adds a regular file whose bytes are read from {@code source} when the archive is written. */
  public void file(String path, int permissions, Path source) {
    add(path, new Entry(S_IFREG | (permissions & 07777), 0, 0, null, source));
  }

  /** Adds a symbolic link pointing at {@code target}. */
  public void symlink(String path, String target) {
    add(path, new Entry(S_IFLNK | 0777, 0, 0, target.getBytes(StandardCharsets.UTF_8), null));
  }

  /** Adds a character device node; no privileges are needed, the kernel creates it on unpack. */
  public void characterDevice(String path, int permissions, int major, int minor) {
    add(path, new Entry(S_IFCHR | (permissions & 07777), major, minor, new byte[0], null));
  }

  /** Writes all entries in path order followed by the {@code TRAILER!!!} entry, then flushes. */
  public void finish() throws IOException {
    int inode = 1;
    for (var e : entries.entrySet()) {
      Entry entry = e.getValue();
      long size = entry.source() != null ? Files.size(entry.source()) : entry.data().length;
      int nlink = (entry.mode() & S_IFDIR) == S_IFDIR ? 2 : 1;
      header(inode++, entry.mode(), nlink, size, entry.rdevMajor(), entry.rdevMinor(), e.getKey());
      if (entry.source() != null) {
        try (InputStream in = Files.newInputStream(entry.source())) {
          long copied = in.transferTo(out);
          if (copied != size) {
            throw new IOException(entry.source() + " changed size while being archived");
          }
          written += copied;
        }
      } else {
        write(entry.data());
      }
      pad();
    }
    header(0, 0, 1, 0, 0, 0, TRAILER);
    out.flush();
  }

  private void add(String path, Entry entry) {
    String name = normalise(path);
    if (entries.putIfAbsent(name, entry) != null) {
      throw new IllegalArgumentException("duplicate cpio entry: " + name);
    }
  }

  // The kernel and cpio(1) both accept relative names; "." and ".." would let an entry escape.
  private static String normalise(String path) {
    String name = path.startsWith("/") ? path.substring(1) : path;
    if (name.isEmpty() || name.endsWith("/") || name.equals(TRAILER)) {
      throw new IllegalArgumentException("invalid cpio entry name: '" + path + "'");
    }
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("invalid cpio entry name: '" + path + "'");
      }
    }
    return name;
  }

  private void header(
      int inode, int mode, int nlink, long size, int rdevMajor, int rdevMinor, String name)
      throws IOException {
    if (size > 0xFFFFFFFFL) {
      throw new IOException("newc cpio cannot hold " + name + " (" + size + " bytes)");
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder(110).append("070701");
    long[] fields = {
      inode, mode, 0, 0, nlink, mtime, size, 0, 0, rdevMajor, rdevMinor, nameBytes.length + 1, 0
    };
    for (long f : fields) {
      h.append(String.format("%08X", f));
    }
    write(h.toString().getBytes(StandardCharsets.US_ASCII));
    write(nameBytes);
    write(new byte[] {0});
    pad();
  }

  private void write(byte[] bytes) throws IOException {
    out.write(bytes);
    written += bytes.length;
  }

  private void pad() throws IOException {
    while (written % 4 != 0) {
      out.write(0);
      written++;
    }
  }
}
