package dev.hangar.store.trust;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/** Keeps the freshness state in one JSON file, replaced atomically by rename. */
public final class FileFreshnessStore implements FreshnessStore {

  private final Path file;

  /** Creates a store backed by {@code file} (its directory must exist). */
  public FileFreshnessStore(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public FreshnessState load() throws IOException {
    if (!Files.exists(file)) {
      return FreshnessState.initial();
    }
    try {
      return FreshnessState.fromJson(CanonicalJson.parse(Files.readAllBytes(file)));
    } catch (MalformedMetadataException | CanonicalJsonException e) {
      // A corrupt state file must not silently reset rollback protection.
      throw new IOException("corrupt freshness state " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(FreshnessState state) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(CanonicalJson.canonicalize(state.toJson()));
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
