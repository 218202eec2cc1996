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
        new DigestVerifyingInputStream(
            new ByteArrayInputStream(CONTENT), sha256(CONTENT), CONTENT.length)) {
      assertArrayEquals(CONTENT, in.readAllBytes());
    }
  }

  @Test
  void failsAtEndOfStreamWhenBytesDoNotMatchTheirDigest() throws Exception {
    byte[] tampered = CONTENT.clone();
    tampered[0] ^= 1;
    try (InputStream in =
        new DigestVerifyingInputStream(
            new ByteArrayInputStream(tampered), sha256(CONTENT), CONTENT.length)) {
      assertThrows(IOException.class, in::readAllBytes);
      assertThrows(IOException.class, in::read);
    }
  }

  @Test
  void refusesToSkipBytesItWouldNotHash() throws Exception {
    try (InputStream in =
        new DigestVerifyingInputStream(
            new ByteArrayInputStream(CONTENT), sha256(CONTENT), CONTENT.length)) {
      assertThrows(IOException.class, () -> in.skip(3));
    }
  }

  @Test
  void failsAsSoonAsTheSourceDeliversMoreThanTheDeclaredSize() throws Exception {
    long[] delivered = {0};
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            delivered[0]++;
            return 'x';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            delivered[0] += len;
            return len;
          }
        };
    try (InputStream in = new DigestVerifyingInputStream(endless, sha256(CONTENT), 10)) {
      IOException e = assertThrows(IOException.class, in::readAllBytes);
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("endless data"));
    }
    org.junit.jupiter.api.Assertions.assertEquals(11, delivered[0], "reads at most size + 1 bytes");
  }

  @Test
  void failsAtEndOfStreamWhenFewerBytesArriveThanDeclared() throws Exception {
    try (InputStream in =
        new DigestVerifyingInputStream(
            new ByteArrayInputStream(CONTENT), sha256(CONTENT), CONTENT.length + 1)) {
      assertThrows(IOException.class, in::readAllBytes);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
