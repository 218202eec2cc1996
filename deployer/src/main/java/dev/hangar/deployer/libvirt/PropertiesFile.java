package dev.hangar.deployer.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A small deployer-side state file in {@link Properties} form, replaced atomically (write to a
 * temporary file, rename) so a crash never leaves half a file.
 */
final class PropertiesFile {
  private final Path file;
  private final String comment;

  PropertiesFile(Path file, String comment) {
    this.file = file;
    this.comment = comment;
  }

  Path path() {
    return file;
  }

  /** The current content; empty when the file does not exist yet. */
  Properties load() {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      // First use on this node: nothing recorded yet.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return properties;
  }

  /** Replaces the file with {@code properties}. */
  void store(Properties properties) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        properties.store(out, comment);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
