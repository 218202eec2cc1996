package dev.hangar.deployer.libvirt;

/** A libvirt call (or the I/O feeding it) failed; the message names the operation and object. */
public final class LibvirtOperationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Wraps {@code cause} with the failed operation's description. */
  public LibvirtOperationException(String operation, Throwable cause) {
    super(operation + ": " + cause.getMessage(), cause);
  }

  /** Reports a failed precondition that libvirt itself did not detect. */
  public LibvirtOperationException(String message) {
    super(message);
  }
}
