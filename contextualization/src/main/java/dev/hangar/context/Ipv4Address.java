package dev.hangar.context;

/**
 * An IPv4 address held as its 32 bits; parsing never consults DNS.
 *
 * @param bits the address in network byte order as an unsigned 32-bit value
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

  /**
   * Parses dotted-quad notation such as {@code 10.0.0.1}.
   *
   * @throws IllegalArgumentException if {@code text} is not four decimal octets
   */
  public static Ipv4Address parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    int bits = 0;
    for (String part : parts) {
      if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + text);
      }
      bits = (bits << 8) | Integer.parseInt(part);
    }
    return new Ipv4Address(bits);
  }

  /** The address {@code offset} places further on, wrapping modulo 2^32. */
  public Ipv4Address plus(long offset) {
    return new Ipv4Address((int) (Integer.toUnsignedLong(bits) + offset));
  }

  @Override
  public int compareTo(Ipv4Address other) {
    return Integer.compareUnsigned(bits, other.bits);
  }

  @Override
  public String toString() {
    return (bits >>> 24)
        + "."
        + ((bits >>> 16) & 0xff)
        + "."
        + ((bits >>> 8) & 0xff)
        + "."
        + (bits & 0xff);
  }
}
