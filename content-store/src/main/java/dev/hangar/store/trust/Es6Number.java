package dev.hangar.store.trust;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats an IEEE 754 double exactly like ECMAScript's Number.prototype.toString (ECMA-262
 * "Number::toString"), as RFC 8785 requires.
 *
 * <p>The shortest digit string is found exactly, without relying on {@link Double#toString} (whose
 * JDK 17 implementation is not always shortest): for k = 1..17 the exact binary value is rounded
 * half-even to k significant digits, and the first k that reads back as the same double wins. That
 * rounding yields the k-digit decimal closest to the value, which is ECMA-262's tie-breaker.
 */
final class Es6Number {

  private Es6Number() {}

  /**
   * Returns the ECMAScript string for {@code value}; {@code -0} yields {@code "0"}.
   *
   * @throws CanonicalJsonException for NaN and the infinities, which JSON cannot express
   */
  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new CanonicalJsonException("NaN and Infinity have no JSON form");
    }
    if (value == 0) {
      return "0";
    }
    String sign = value < 0 ? "-" : "";
    double magnitude = Math.abs(value);
    BigDecimal exact = new BigDecimal(magnitude);
    BigDecimal shortest = null;
    for (int k = 1; k <= 17; k++) {
      BigDecimal rounded = exact.round(new MathContext(k, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == magnitude) {
        shortest = rounded;
        break;
      }
    }
    if (shortest == null) {
      // 17 significant digits always identify a double; reaching here means a JDK defect.
      throw new IllegalStateException("no round-tripping decimal for " + value);
    }
    String digits = shortest.unscaledValue().toString();
    int trailing = 0;
    while (digits.length() - trailing > 1 && digits.charAt(digits.length() - 1 - trailing) == '0') {
      trailing++;
    }
    digits = digits.substring(0, digits.length() - trailing);
    int k = digits.length();
    // value = 0.d1d2...dk * 10^n, i.e. n is the position of the decimal point (ECMA-262 naming).
    int n = k - (shortest.scale() - trailing);
    return sign + layout(digits, k, n);
  }

  private static String layout(String digits, int k, int n) {
    StringBuilder out = new StringBuilder();
    if (k <= n && n <= 21) {
      out.append(digits);
      out.append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      int e = n - 1;
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }
}
