package dev.hangar.deployer.libvirt;

/**
 * Staging would take the node cache over its size cap even after evicting every unpinned volume:
 * the volumes that domains (or the deploy in progress) use leave too little room.
 */
public final class CacheFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Reports that {@code incomingBytes} do not fit under {@code capBytes} next to what is kept. */
  public CacheFullException(long incomingBytes, long capBytes, long keptBytes) {
    super(
        "node cache is full: staging "
            + incomingBytes
            + " bytes would exceed the cap of "
            + capBytes
            + " bytes; "
            + keptBytes
            + " bytes are pinned by domains or this deploy");
  }
}
