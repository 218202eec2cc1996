package dev.hangar.marketplace.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on, raised by services and turned into problem+json by {@link
 * ProblemMappers}; the message is shown to the client, so it names the field and never internals.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String title;
  private final List<Problem.FieldError> errors;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ApiException(int status, String title, String detail) {
    this(status, title, detail, null);
  }

  public ApiException(int status, String title, String detail, List<Problem.FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }

  /** Response headers the problem needs besides its body, e.g. {@code Content-Range} on a 416. */
  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  /** Adds a response header to send with the problem; returns this exception. */
  public ApiException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** 404: the named resource does not exist (or is not visible to the caller). */
  public static ApiException notFound(String what) {
    return new ApiException(404, "Not Found", what + " does not exist");
  }

  /** 400: a field of the request is invalid. */
  public static ApiException badField(String field, String message) {
    return new ApiException(
        400,
        "Invalid request",
        field + ": " + message,
        List.of(new Problem.FieldError(field, message)));
  }

  /** 400: several fields of the request are invalid; every one is listed. */
  public static ApiException badFields(List<Problem.FieldError> errors) {
    return new ApiException(
        400,
        "Invalid request",
        String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()),
        List.copyOf(errors));
  }

  /** 403: the caller is known but may not do this. */
  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail);
  }

  /** 412: the resource changed since the caller read it (If-Match did not match). */
  public static ApiException preconditionFailed(String detail) {
    return new ApiException(412, "Precondition Failed", detail);
  }

  /** 409: the request conflicts with the current state of a resource. */
  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail);
  }

  /** 409: a field of the request conflicts with the current state, e.g. a name already taken. */
  public static ApiException conflictingField(String field, String message) {
    return new ApiException(
        409, "Conflict", field + ": " + message, List.of(new Problem.FieldError(field, message)));
  }
}
