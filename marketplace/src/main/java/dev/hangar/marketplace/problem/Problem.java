package dev.hangar.marketplace.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 7807 problem document.
 *
 * @param type URI naming the kind of problem
 * @param title short summary of the kind of problem
 * @param status HTTP status code
 * @param detail what went wrong in this request, naming the offending field where there is one
 * @param instance the request path
 * @param errors field-level errors, when the request had several
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  /** Media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid field and what is wrong with it. */
  public record FieldError(String field, String message) {}
}
