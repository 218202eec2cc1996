package dev.hangar.store;

import java.util.List;

/**
 * Outcome of {@link ContentStore#verify()}.
 *
 * @param partitions number of manifests examined
 * @param chunks number of distinct stored chunks read and hashed
 * @param problems every defect found, in key order; empty if the store is sound
 */
public record VerifyReport(int partitions, int chunks, List<Problem> problems) {

  /** Copies the problem list. */
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Returns true if no problem was found. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * One defect.
   *
   * @param key blob key of the defective object
   * @param description what is wrong with it
   */
  public record Problem(String key, String description) {}
}
