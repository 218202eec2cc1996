package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {

  private static final String ABC =
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void hashesBytesToTheKnownSha256() {
    assertEquals(ABC, Digest.of("abc".getBytes(StandardCharsets.US_ASCII)).toString());
  }

  @Test
  void parsesItsOwnTextForm() {
    Digest digest = Digest.parse(ABC);
    assertEquals(ABC, digest.toString());
    assertEquals(ABC.substring(7), digest.hex());
    assertEquals(digest, Digest.parse(digest.toString()));
    assertEquals(digest.hashCode(), Digest.parse(ABC).hashCode());
  }

  @Test
  void rejectsMalformedText() {
    for (String bad :
        new String[] {
          ABC.toUpperCase(),
          ABC.replace("sha256:", "sha512:"),
          ABC.substring(7),
          ABC + "0",
          ABC.substring(0, ABC.length() - 1),
          ABC.replace('a', 'g'),
          ABC.replace("ba78", "BA78")
        }) {
      assertThrows(IllegalArgumentException.class, () -> Digest.parse(bad), bad);
    }
  }

  @Test
  void streamingHashEqualsOneShotHash() throws IOException {
    byte[] data = TestData.random(1_000_003, 1);
    assertEquals(Digest.of(data), Digest.hash(new ByteArrayInputStream(data)));
    assertEquals(Digest.of(data, 10, 100), Digest.of(java.util.Arrays.copyOfRange(data, 10, 110)));
  }

  @Test
  void copiesBytesInAndOut() {
    byte[] raw = Digest.parse(ABC).bytes();
    Digest digest = Digest.fromBytes(raw);
    raw[0] ^= 1;
    assertEquals(ABC, digest.toString());
    digest.bytes()[1] ^= 1;
    assertEquals(ABC, digest.toString());
    assertArrayEquals(Digest.parse(ABC).bytes(), digest.bytes());
    assertThrows(IllegalArgumentException.class, () -> Digest.fromBytes(new byte[31]));
  }

  @Test
  void distinguishesDifferentDigestsAndOrdersThemLikeTheirText() {
    Digest a = Digest.of(new byte[] {1});
    Digest b = Digest.of(new byte[] {2});
    assertNotEquals(a, b);
    assertEquals(
        Integer.signum(a.toString().compareTo(b.toString())), Integer.signum(a.compareTo(b)));
    assertTrue(a.compareTo(a) == 0);
  }
}
