package dev.hangar.marketplace.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * One step of an import or publish, as sent in a server-sent event.
 *
 * @param seq position in the operation's events, from 1
 * @param operation {@code import} or {@code publish}
 * @param phase {@code receive}, {@code inspect}, {@code convert}, {@code store}, {@code record},
 *     {@code verify}, or the terminal {@code done} / {@code failed}
 * @param bytes bytes received, converted or stored so far in this phase
 * @param totalBytes bytes expected in this phase, when known
 * @param chunks chunks stored (store) or files verified (verify) so far
 * @param detail a human-readable note: the detected format, the file verified, why it failed
 * @param at when the step happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(
    long seq,
    String operation,
    String phase,
    Long bytes,
    Long totalBytes,
    Integer chunks,
    String detail,
    OffsetDateTime at) {

  /** Phase of the event that ends an operation successfully. */
  public static final String DONE = "done";

  /** Phase of the event that ends an operation with an error. */
  public static final String FAILED = "failed";

  /** True for the last event of an operation. */
  public boolean terminal() {
    return DONE.equals(phase) || FAILED.equals(phase);
  }
}
