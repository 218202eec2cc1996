package dev.hangar.marketplace.jobs;

/** Does the work of one job; returning normally completes it. */
@FunctionalInterface
public interface JobHandler {
  /**
   * Works on {@code job}. Must be safe to run again after a crash ({@link Job#recovered()}): the
   * previous holder may have got anywhere before it died.
   *
   * @throws RuntimeException to give the job back to the queue for a later retry
   */
  void handle(Job job);
}
