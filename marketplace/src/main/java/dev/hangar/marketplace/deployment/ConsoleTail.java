package dev.hangar.marketplace.deployment;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The last lines of a serial console log, made safe to show: terminal escape sequences and control
 * characters other than newline and tab are removed. Reads at most {@link #WINDOW} bytes from the
 * end of the file, so a long-running VM's log costs the same as a fresh one.
 */
final class ConsoleTail {
  /** Bytes read from the end of the log; a tail of up to 1000 lines of 64 characters fits. */
  static final int WINDOW = 64 * 1024;

  private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b.");
  private static final Pattern CONTROLS = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f]");

  private ConsoleTail() {}

  /** The last {@code lines} lines of {@code log}; empty when the log does not exist yet. */
  static String read(Path log, int lines) {
    if (!Files.exists(log)) {
      return "";
    }
    byte[] bytes;
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(0, file.length() - WINDOW);
      bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console log " + log, e);
    }
    return lastLines(new String(bytes, StandardCharsets.ISO_8859_1), lines);
  }

  /** The last {@code lines} lines of {@code text}, cleaned of escapes and control characters. */
  static String lastLines(String text, int lines) {
    String clean = text.replace("\r\n", "\n");
    clean = ESCAPES.matcher(clean).replaceAll("");
    clean = CONTROLS.matcher(clean).replaceAll("");
    String[] all = clean.split("\n", -1);
    int end = all.length;
    if (end > 0 && all[end - 1].isEmpty()) {
      end--;
    }
    String[] tail = Arrays.copyOfRange(all, Math.max(0, end - lines), end);
    return tail.length == 0 ? "" : String.join("\n", tail) + "\n";
  }
}
