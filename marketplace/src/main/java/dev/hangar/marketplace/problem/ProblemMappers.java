package dev.hangar.marketplace.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.hangar.marketplace.trust.UntrustedContentException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure at the REST edge to problem+json, once: typed API errors keep their status and
 * message; malformed JSON and bean-validation failures become 400s naming the field; anything else
 * is a 500 whose body holds no class names or stack traces (those go to the log).
 */
public final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response api(ApiException e, UriInfo uri) {
    Response r = respond(e.status(), e.title(), e.getMessage(), uri, e.errors());
    if (e.headers().isEmpty()) {
      return r;
    }
    Response.ResponseBuilder b = Response.fromResponse(r);
    e.headers().forEach(b::header);
    return b.build();
  }

  /** A trust refusal: 409 whose {@code type} names the attack or defect (rollback, freeze, ...). */
  @ServerExceptionMapper
  public Response untrusted(UntrustedContentException e, UriInfo uri) {
    Problem problem =
        new Problem(
            UntrustedContentException.TYPE_PREFIX + e.reason(),
            "Refused by trust checks: " + e.reason(),
            409,
            e.getMessage(),
            uri == null ? null : uri.getPath(),
            null);
    return Response.status(409).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e, UriInfo uri) {
    String field = e instanceof JsonMappingException m ? path(m) : null;
    String detail;
    if (e instanceof UnrecognizedPropertyException u) {
      detail = "unknown field '" + u.getPropertyName() + "'";
      field = field == null ? u.getPropertyName() : field;
    } else if (e instanceof InvalidFormatException f) {
      detail =
          "value '"
              + f.getValue()
              + "' of "
              + field
              + " is not a valid "
              + f.getTargetType().getSimpleName();
    } else if (field != null && !field.isEmpty()) {
      detail = "field " + field + " has a value of the wrong type";
    } else {
      detail = "request body is not well-formed JSON: " + e.getOriginalMessage();
    }
    List<Problem.FieldError> errors =
        field == null || field.isEmpty() ? null : List.of(new Problem.FieldError(field, detail));
    return respond(400, "Malformed request body", detail, uri, errors);
  }

  /** Overrides Quarkus' own mapper for wrong-typed values, which answers in plain JSON. */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return json(e, uri);
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e, UriInfo uri) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(field(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String detail =
        errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
    return respond(400, "Invalid request", detail, uri, errors);
  }

  /** No or bad credentials for an operation that needs them. */
  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e, UriInfo uri) {
    String detail =
        e instanceof AuthenticationFailedException
            ? "the API token is unknown or revoked"
            : "this needs an API token: send Authorization: Bearer <token>";
    return Response.fromResponse(respond(401, "Unauthorized", detail, uri, null))
        .header("WWW-Authenticate", "Bearer realm=\"hangar\"")
        .build();
  }

  /** Authenticated, but the role does not allow the operation. */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return respond(403, "Forbidden", "your role does not allow this operation", uri, null);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException json) {
      // The JSON reader reports unparseable bodies as a 400 wrapping the parser's exception.
      return json(json, uri);
    }
    int status = e.getResponse().getStatus();
    String reason = e.getResponse().getStatusInfo().getReasonPhrase();
    String detail = status == 404 ? "no resource at " + uri.getPath() : e.getMessage();
    return respond(status, reason, detail, uri, null);
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    LOG.errorf(e, "unexpected failure serving %s", uri.getPath());
    return respond(
        500,
        "Internal Server Error",
        "the server failed to handle the request; see its log",
        uri,
        null);
  }

  private static Response respond(
      int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
    Problem problem =
        new Problem(
            "about:blank", title, status, detail, uri == null ? null : uri.getPath(), errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String field(ConstraintViolation<?> v) {
    // Paths look like "create.request.name": drop the method and parameter names.
    String path = v.getPropertyPath().toString();
    String[] parts = path.split("\\.", 3);
    return parts.length == 3 ? parts[2] : path;
  }
}
