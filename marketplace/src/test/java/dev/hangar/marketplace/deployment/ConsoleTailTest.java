package dev.hangar.marketplace.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTailTest {
  @TempDir Path dir;

  @Test
  void keepsTheLastLinesOnly() {
    assertEquals("c\nd\n", ConsoleTail.lastLines("a\nb\nc\nd\n", 2));
    assertEquals("a\nb\n", ConsoleTail.lastLines("a\nb", 5));
    assertEquals("", ConsoleTail.lastLines("", 5));
  }

  @Test
  void removesTerminalEscapesAndControlCharacters() {
    assertEquals(
        "login: ok\nHANGAR-READY i-1\n",
        ConsoleTail.lastLines("\u001b[0;32mlogin:\u001b[0m ok\r\n\u0007HANGAR-READY i-1\r\n", 10));
  }

  @Test
  void readsOnlyTheEndOfALongLog() throws Exception {
    Path log = dir.resolve("serial.log");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(log, text, StandardCharsets.ISO_8859_1);
    assertEquals("line 99998\nline 99999\n", ConsoleTail.read(log, 2));
    assertEquals("", ConsoleTail.read(dir.resolve("missing.log"), 2));
  }
}
