package dev.hangar.store.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

  private static String canon(String json) {
    return CanonicalJson.canonicalString(
        CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void matchesRfc8785MainSample() {
    String input =
        "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
            + "              2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n}";
    assertEquals(
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
        canon(input));
  }

  @Test
  void sortsMembersByUtf16CodeUnitsAsRfc8785SortingSample() {
    String input =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew\","
            + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji\",\"\\u0080\":\"Control\","
            + "\"\\u00f6\":\"o umlaut\"}";
    assertEquals(
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"o umlaut\","
            + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji\",\"\ufb33\":\"Hebrew\"}",
        canon(input));
  }

  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void formatsNumbersLikeEcmaScriptPerRfc8785AppendixB(String bits, String expected) {
    double d = Double.longBitsToDouble(new BigInteger(bits, 16).longValue());
    assertEquals(expected, Es6Number.format(d));
  }

  @Test
  void escapesOnlyWhatRfc8785Requires() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("s", "tab\t nl\n bell\u0007 slash/ quote\" back\\ del\u007f e\u00e9");
    assertEquals(
        "{\"s\":\"tab\\t nl\\n bell\\u0007 slash/ quote\\\" back\\\\ del\u007f e\u00e9\"}",
        CanonicalJson.canonicalString(o));
  }

  @Test
  void rejectsLoneSurrogates() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("s", "a\ud800b");
    assertThrows(CanonicalJsonException.class, () -> CanonicalJson.canonicalize(o));
  }

  @Test
  void rejectsDuplicateMemberNames() {
    assertThrows(
        CanonicalJsonException.class,
        () -> CanonicalJson.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rejectsIntegersThatNoDoubleRepresents() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("n", (1L << 53) + 1);
    assertThrows(CanonicalJsonException.class, () -> CanonicalJson.canonicalize(o));
    o.put("n", 1L << 60); // exact as a double, and printed the ECMAScript way
    assertEquals("{\"n\":1152921504606847000}", CanonicalJson.canonicalString(o));
    o.put("n", 1152921504606847000L); // that text is the canonical form of 2^60, so accepted
    assertEquals("{\"n\":1152921504606847000}", CanonicalJson.canonicalString(o));
  }

  @Test
  void rejectsNonFiniteNumbers() {
    ArrayNode a = JsonNodeFactory.instance.arrayNode().add(Double.NaN);
    assertThrows(CanonicalJsonException.class, () -> CanonicalJson.canonicalize(a));
  }

  @Test
  void recognizesCanonicalAndNonCanonicalText() {
    assertTrue(
        CanonicalJson.isCanonical("{\"a\":[1,2],\"b\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    assertFalse(
        CanonicalJson.isCanonical("{\"b\":\"x\",\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8)));
    assertFalse(CanonicalJson.isCanonical("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
    assertFalse(CanonicalJson.isCanonical("{\"a\":1.0}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void canonicalFormIsAFixedPointForRandomTrees() {
    Random random = new Random(8785);
    for (int i = 0; i < 500; i++) {
      JsonNode tree = randomNode(random, 4);
      byte[] once = CanonicalJson.canonicalize(tree);
      byte[] twice = CanonicalJson.canonicalize(CanonicalJson.parse(once));
      assertArrayEquals(once, twice, () -> new String(once, StandardCharsets.UTF_8));
      assertTrue(CanonicalJson.isCanonical(once));
    }
  }

  @Test
  void randomDoublesRoundTripThroughTheirCanonicalText() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String text = Es6Number.format(d);
      assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(text), text);
      // The shortest representation never has more than 17 significant digits.
      String digits = text.replaceAll("e.*", "").replaceAll("[-.]", "").replaceAll("^0+|0+$", "");
      assertTrue(digits.length() <= 17, text);
    }
  }

  private static JsonNode randomNode(Random random, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    int kind = random.nextInt(depth == 0 ? 5 : 7);
    return switch (kind) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextInt(2_000_000) - 1_000_000);
      case 3 -> f.numberNode(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
      case 4 -> f.textNode(randomString(random));
      case 5 -> {
        ArrayNode a = f.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(randomNode(random, depth - 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = f.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          o.set(randomString(random), randomNode(random, depth - 1));
        }
        yield o;
      }
    };
  }

  private static String randomString(Random random) {
    String alphabet = "aZ0\"\\/\n\t\u0001\u007f\u00e9\u20ac\ud83d\ude00 ";
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      int p = random.nextInt(alphabet.length() - 1);
      if (Character.isHighSurrogate(alphabet.charAt(p))) {
        s.append(alphabet, p, p + 2);
      } else if (!Character.isLowSurrogate(alphabet.charAt(p))) {
        s.append(alphabet.charAt(p));
      }
    }
    return s.toString();
  }
}
