package dev.hangar.context;

/**
 * An IPv4 address with a prefix length, such as {@code 10.0.0.5/24}: either an interface address
 * with its subnet or, when {@code address} is the network address, a range.
 *
 * @param address the address
 * @param prefixLength 0-32
 */
public record Ipv4Cidr(Ipv4Address address, int prefixLength) {
  /** Rejects a prefix length outside 0-32. */
  public Ipv4Cidr {
    if (address == null) {
      throw new IllegalArgumentException("address is required");
    }
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be 0-32: " + prefixLength);
    }
  }

  /**
   * Parses {@code a.b.c.d/n}.
   *
   * @throws IllegalArgumentException if the text is not in that form
   */
  public static Ipv4Cidr parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,2}")) {
      throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
    }
    return new Ipv4Cidr(
        Ipv4Address.parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
  }

  private int mask() {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  public Ipv4Address network() {
    return new Ipv4Address(address.bits() & mask());
  }

  public Ipv4Address broadcast() {
    return new Ipv4Address(address.bits() | ~mask());
  }

  /** Number of addresses in the subnet, network and broadcast included. */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  public boolean contains(Ipv4Address other) {
    return (other.bits() & mask()) == (address.bits() & mask());
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}
