package dev.hangar.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BlobStore} in a local directory: key {@code a/b/c} is the file {@code <root>/a/b/c}.
 *
 * <p>Puts write to a temporary file in {@code <root>/.staging} (same file system), fsync it, then
 * rename it over the target with {@link StandardCopyOption#ATOMIC_MOVE} and fsync the directory, so
 * a crash leaves either the old object, the complete new one, or a stray staging file, never a
 * partial object. Because keys map to paths, {@code a} and {@code a/b} cannot both exist; such a
 * put fails permanently. Local I/O errors are reported as not retryable.
 */
public final class FileBlobStore implements BlobStore {

  private static final String STAGING = ".staging";
  private static final int COPY_BUFFER = 128 * 1024;

  private final Path root;
  private final Path staging;

  /**
   * Opens (creating if needed) a store rooted at {@code root}.
   *
   * @throws BlobStoreException if the directories cannot be created
   */
  public FileBlobStore(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.staging = this.root.resolve(STAGING);
    try {
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw new BlobStoreException("cannot create blob store directory " + staging, false, e);
    }
  }

  /** Returns the root directory. */
  public Path root() {
    return root;
  }

  @Override
  public void put(String key, InputStream data, long length) {
    Path target = pathOf(key);
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length + " for " + key);
    }
    ExactLengthInputStream exact = new ExactLengthInputStream(data, length);
    Path temp = null;
    try {
      temp = Files.createTempFile(staging, "put-", ".tmp");
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        copy(exact, out);
        out.force(true);
      }
      Files.createDirectories(target.getParent());
      moveIntoPlace(temp, target);
      temp = null;
      syncDirectory(target.getParent());
    } catch (IOException e) {
      if (exact.sourceFailure() != null) {
        throw new BlobStoreException(
            "put " + key + ": reading the data failed: " + exact.sourceFailure().getMessage(),
            false,
            exact.sourceFailure());
      }
      throw new BlobStoreException("put " + key + " failed: " + e, false, e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  @Override
  public InputStream get(String key) {
    Path path = pathOf(key);
    try {
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new BlobNotFoundException(key);
      }
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key, e);
    } catch (IOException e) {
      throw new BlobStoreException("get " + key + " failed: " + e, false, e);
    }
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "negative range offset=" + offset + " length=" + length + " for " + key);
    }
    Path path = pathOf(key);
    FileChannel channel = null;
    try {
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new BlobNotFoundException(key);
      }
      channel = FileChannel.open(path, StandardOpenOption.READ);
      channel.position(Math.min(offset, channel.size()));
      return new BoundedInputStream(Channels.newInputStream(channel), length);
    } catch (NoSuchFileException e) {
      throw closeAfterFailure(channel, new BlobNotFoundException(key, e));
    } catch (IOException e) {
      throw closeAfterFailure(
          channel, new BlobStoreException("get " + key + " range failed: " + e, false, e));
    }
  }

  @Override
  public Optional<BlobInfo> stat(String key) {
    Path path = pathOf(key);
    try {
      BasicFileAttributes attrs =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.isRegularFile()
          ? Optional.of(new BlobInfo(key, attrs.size()))
          : Optional.empty();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BlobStoreException("stat " + key + " failed: " + e, false, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    BlobKeys.requireValidPrefix(prefix);
    // Walk only the deepest directory the prefix pins down, then filter by string prefix.
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    List<String> keys = new ArrayList<>();
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
      return keys;
    }
    try {
      Files.walkFileTree(
          start,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.getFileName().toString().startsWith(".") && !dir.equals(start)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String key = keyOf(file);
              if (attrs.isRegularFile() && key.startsWith(prefix) && isKey(key)) {
                keys.add(key);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE; // deleted concurrently
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw new BlobStoreException("list " + prefix + " failed: " + e, false, e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) {
    Path path = pathOf(key);
    try {
      if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(path);
      }
    } catch (DirectoryNotEmptyException | NoSuchFileException e) {
      // Not a blob (a directory) or already gone: deleting is idempotent.
    } catch (IOException e) {
      throw new BlobStoreException("delete " + key + " failed: " + e, false, e);
    }
  }

  @Override
  public String toString() {
    return "FileBlobStore[" + root + "]";
  }

  private Path pathOf(String key) {
    BlobKeys.requireValidKey(key);
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("blob key escapes the store root: " + key);
    }
    return path;
  }

  private String keyOf(Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private static boolean isKey(String key) {
    try {
      BlobKeys.requireValidKey(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false; // a foreign file with an unrepresentable name is not a blob
    }
  }

  private static void copy(InputStream in, FileChannel out) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
      while (chunk.hasRemaining()) {
        out.write(chunk);
      }
    }
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("file system cannot rename atomically into " + target, e);
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    // Makes the rename durable; Linux supports fsync on a directory opened read-only.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      System.getLogger(FileBlobStore.class.getName())
          .log(System.Logger.Level.WARNING, "cannot delete staging file " + temp, e);
    }
  }

  private static BlobStoreException closeAfterFailure(
      FileChannel channel, BlobStoreException failure) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }
}
