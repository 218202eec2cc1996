package dev.hangar.marketplace.jobs;

/** The job table could not be read or written; worth retrying once the database is back. */
public class JobQueueException extends RuntimeException {
  public JobQueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
