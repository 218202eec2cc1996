package dev.hangar.context;

/** Every host address of an {@link IpPool} is allocated. */
public final class IpPoolExhaustedException extends IllegalStateException {
  public IpPoolExhaustedException(Ipv4Cidr range) {
    super("no free address left in " + range);
  }
}
