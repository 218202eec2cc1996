package dev.hangar.deployer;

/** Receives deployment progress; called on the deploying thread, so it must return quickly. */
@FunctionalInterface
public interface DeployListener {
  /** Ignores progress. */
  DeployListener NONE = (phase, done, total) -> {};

  /**
   * Reports that {@code done} of {@code total} units of {@code phase} are complete; for uploads the
   * units are bytes, for other steps 0/1 and 1/1.
   */
  void onProgress(String phase, long done, long total);
}
