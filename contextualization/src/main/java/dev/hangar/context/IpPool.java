package dev.hangar.context;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The host addresses of one IPv4 subnet handed out to VMs: always the lowest free address, so equal
 * sequences of calls give equal addresses. The network, broadcast and gateway addresses are never
 * handed out. Thread-safe.
 */
public final class IpPool {
  private final Ipv4Cidr range;
  private final Optional<Ipv4Address> gateway;
  private final BitSet allocated = new BitSet();

  /**
   * Creates a pool over {@code range}.
   *
   * @param range the subnet, given by its network address, prefix length 8-30
   * @param gateway the subnet's gateway, excluded from allocation, or empty
   * @throws IllegalArgumentException if the range is not a network address, too large or small, or
   *     the gateway lies outside it
   */
  public IpPool(Ipv4Cidr range, Optional<Ipv4Address> gateway) {
    if (range.prefixLength() < 8 || range.prefixLength() > 30) {
      throw new IllegalArgumentException("prefix length must be 8-30: " + range);
    }
    if (!range.address().equals(range.network())) {
      throw new IllegalArgumentException("range must be given by its network address: " + range);
    }
    gateway.ifPresent(
        gw -> {
          if (!usable(range, gw)) {
            throw new IllegalArgumentException("gateway " + gw + " is not a host in " + range);
          }
        });
    this.range = range;
    this.gateway = gateway;
    gateway.ifPresent(gw -> allocated.set(index(gw)));
  }

  public Ipv4Cidr range() {
    return range;
  }

  public Optional<Ipv4Address> gateway() {
    return gateway;
  }

  /**
   * Takes the lowest free host address.
   *
   * @throws IpPoolExhaustedException if every host address is taken
   */
  public synchronized Ipv4Address allocate() {
    int free = allocated.nextClearBit(1);
    if (free >= range.size() - 1) {
      throw new IpPoolExhaustedException(range);
    }
    allocated.set(free);
    return range.network().plus(free);
  }

  /**
   * Marks a specific address as taken, e.g. to restore allocations recorded before a restart.
   *
   * @throws IllegalArgumentException if it is not a host address of the range or already taken
   */
  public synchronized void reserve(Ipv4Address address) {
    requireHost(address);
    if (allocated.get(index(address))) {
      throw new IllegalArgumentException(address + " is already allocated");
    }
    allocated.set(index(address));
  }

  /**
   * Returns an address to the pool.
   *
   * @throws IllegalArgumentException if the address was not allocated, or is the gateway
   */
  public synchronized void release(Ipv4Address address) {
    requireHost(address);
    if (gateway.isPresent() && gateway.get().equals(address)) {
      throw new IllegalArgumentException(address + " is the gateway");
    }
    if (!allocated.get(index(address))) {
      throw new IllegalArgumentException(address + " is not allocated");
    }
    allocated.clear(index(address));
  }

  public synchronized boolean isAllocated(Ipv4Address address) {
    return range.contains(address) && allocated.get(index(address));
  }

  /** Number of addresses that {@link #allocate()} can still hand out. */
  public synchronized long available() {
    return range.size() - 2 - allocated.cardinality();
  }

  /** The static addressing of {@code address} in this pool's subnet, for a {@link NetworkSpec}. */
  public StaticAddressing addressing(Ipv4Address address, List<Ipv4Address> dns) {
    requireHost(address);
    return new StaticAddressing(
        new Ipv4Cidr(address, range.prefixLength()), gateway, dns, List.of());
  }

  private void requireHost(Ipv4Address address) {
    if (!usable(range, address)) {
      throw new IllegalArgumentException(address + " is not a host address in " + range);
    }
  }

  private static boolean usable(Ipv4Cidr range, Ipv4Address address) {
    return range.contains(address)
        && !address.equals(range.network())
        && !address.equals(range.broadcast());
  }

  private int index(Ipv4Address address) {
    return address.bits() - range.network().bits();
  }
}
