package dev.hangar.deployer.libvirt;

/**
 * A node-cache volume no longer holds the content its name promises: re-reading it gave another
 * SHA-256 (someone or something changed the bytes after they were staged and verified).
 */
public final class VolumeDigestMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String volume;
  private final String expectedHex;
  private final String actualHex;

  /** Reports that {@code volume} hashes to {@code actualHex} instead of {@code expectedHex}. */
  public VolumeDigestMismatchException(String volume, String expectedHex, String actualHex) {
    super(
        "cache volume "
            + volume
            + " was modified after staging: its content has SHA-256 "
            + actualHex
            + ", expected "
            + expectedHex);
    this.volume = volume;
    this.expectedHex = expectedHex;
    this.actualHex = actualHex;
  }

  /** Name of the tampered volume. */
  public String volume() {
    return volume;
  }

  /** Lower-case hex SHA-256 the volume should have. */
  public String expectedHex() {
    return expectedHex;
  }

  /** Lower-case hex SHA-256 of what the volume holds now. */
  public String actualHex() {
    return actualHex;
  }
}
