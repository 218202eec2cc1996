package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioNewcWriterTest {
  @TempDir Path dir;

  private static byte[] archive(long mtime, boolean reversed) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CpioNewcWriter cpio = new CpioNewcWriter(bytes, mtime);
    List<Runnable> adds =
        new java.util.ArrayList<>(
            List.of(
                () -> cpio.directory("bin", 0755),
                () -> cpio.file("bin/hello", 0755, "#!/bin/sh\necho hi\n".getBytes()),
                () -> cpio.symlink("bin/hi", "hello"),
                () -> cpio.directory("/etc", 0755),
                () -> cpio.file("etc/motd", 0644, "odd length".getBytes()),
                () -> cpio.characterDevice("dev-console", 0600, 5, 1)));
    if (reversed) {
      java.util.Collections.reverse(adds);
    }
    adds.forEach(Runnable::run);
    cpio.finish();
    return bytes.toByteArray();
  }

  private String runCpio(Path archive, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("cpio", "--quiet"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(archive.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void cpioCommandListsEveryEntryInPathOrder() throws Exception {
    Path archive = dir.resolve("test.cpio");
    Files.write(archive, archive(1_700_000_000L, true));
    assertEquals(
        List.of("bin", "bin/hello", "bin/hi", "dev-console", "etc", "etc/motd"),
        runCpio(archive, "-t").lines().toList());
    String verbose = runCpio(archive, "-tv", "-H", "newc");
    assertTrue(verbose.contains("bin/hi -> hello"), verbose);
    assertTrue(
        verbose.lines().anyMatch(l -> l.startsWith("crw-------") && l.contains("5,")), verbose);
  }

  @Test
  void cpioCommandExtractsFileContentAndModes() throws Exception {
    Path archive = dir.resolve("test.cpio");
    Files.write(archive, archive(1_700_000_000L, false));
    Path out = Files.createDirectory(dir.resolve("out"));
    Process p =
        new ProcessBuilder("cpio", "--quiet", "-idm", "--no-absolute-filenames")
            .directory(out.toFile())
            .redirectInput(archive.toFile())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals("odd length", Files.readString(out.resolve("etc/motd")));
    assertTrue(Files.isExecutable(out.resolve("bin/hello")));
    assertEquals(Path.of("hello"), Files.readSymbolicLink(out.resolve("bin/hi")));
    assertEquals(1_700_000_000_000L, Files.getLastModifiedTime(out.resolve("etc/motd")).toMillis());
  }

  @Test
  void sameEntriesInAnyOrderGiveIdenticalBytesEndingWithTrailer() throws IOException {
    byte[] forward = archive(0, false);
    byte[] backward = archive(0, true);
    assertArrayEquals(forward, backward);
    assertEquals(0, forward.length % 4);
    assertTrue(new String(forward, StandardCharsets.US_ASCII).contains("TRAILER!!!"));
  }

  @Test
  void rejectsDuplicateAndEscapingNames() {
    CpioNewcWriter cpio = new CpioNewcWriter(new ByteArrayOutputStream(), 0);
    cpio.directory("bin", 0755);
    assertThrows(IllegalArgumentException.class, () -> cpio.directory("/bin", 0755));
    assertThrows(
        IllegalArgumentException.class, () -> cpio.file("../etc/passwd", 0644, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> cpio.file("TRAILER!!!", 0644, new byte[0]));
  }
}
