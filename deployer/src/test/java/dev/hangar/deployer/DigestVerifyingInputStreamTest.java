package dev.hangar.deployer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DigestVerifyingInputStreamTest {
  private static final byte[] CONTENT = "appliance partition".getBytes(StandardCharsets.US_ASCII);

  @Test
  void passesContentWhoseDigestMatches() throws Exception {
    try (InputStream in =
        new DigestVerifyingInputStream(new ByteArrayInputStream(CONTENT), sha256(CONTENT))) {
      assertArrayEquals(CONTENT, in.readAllBytes());
    }
  }

  @Test
  void failsAtEndOfStreamWhenBytesDoNotMatchTheirDigest() throws Exception {
    byte[] tampered = CONTENT.clone();
    tampered[0] ^= 1;
    try (InputStream in =
        new DigestVerifyingInputStream(new ByteArrayInputStream(tampered), sha256(CONTENT))) {
      assertThrows(IOException.class, in::readAllBytes);
      assertThrows(IOException.class, in::read);
    }
  }

  @Test
  void refusesToSkipBytesItWouldNotHash() throws Exception {
    try (InputStream in =
        new DigestVerifyingInputStream(new ByteArrayInputStream(CONTENT), sha256(CONTENT))) {
      assertThrows(IOException.class, () -> in.skip(3));
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
