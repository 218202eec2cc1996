package dev.hangar.store.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SemVerTest {

  @Test
  void ordersBySemverPrecedenceIncludingPreReleases() {
    List<String> ascending =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.2.0",
            "1.10.0",
            "2.0.0");
    for (int i = 1; i < ascending.size(); i++) {
      SemVer lower = SemVer.parse(ascending.get(i - 1));
      SemVer higher = SemVer.parse(ascending.get(i));
      assertTrue(lower.compareTo(higher) < 0, lower + " < " + higher);
      assertTrue(higher.compareTo(lower) > 0, higher + " > " + lower);
    }
  }

  @Test
  void ignoresBuildMetadataForPrecedenceButKeepsItInText() {
    SemVer a = SemVer.parse("1.2.3+build.7");
    assertEquals(0, a.compareTo(SemVer.parse("1.2.3")));
    assertEquals("1.2.3+build.7", a.toString());
  }

  @Test
  void rejectsNonSemverText() {
    for (String bad : List.of("1.0", "01.0.0", "1.0.0-", "v1.0.0", "1.0.0-01")) {
      assertThrows(IllegalArgumentException.class, () -> SemVer.parse(bad), bad);
    }
  }
}
