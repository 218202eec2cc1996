package dev.hangar.marketplace.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses JSON bodies over {@value #MAX_JSON_BYTES} bytes before they are read (413). Uploads of
 * partitions are octet streams and limited only by {@code quarkus.http.limits.max-body-size}.
 */
public class BodyLimits {
  /** Largest JSON document the API accepts; the longest is an appliance description. */
  public static final long MAX_JSON_BYTES = 1024 * 1024;

  @ServerRequestFilter
  public Response limitJson(ContainerRequestContext request, UriInfo uri) {
    MediaType type = request.getMediaType();
    if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
      return null;
    }
    if (request.getLength() > MAX_JSON_BYTES) {
      Problem problem =
          new Problem(
              "about:blank",
              "Payload Too Large",
              413,
              "JSON request bodies are limited to "
                  + MAX_JSON_BYTES
                  + " bytes; this one has "
                  + request.getLength(),
              uri.getPath(),
              null);
      return Response.status(413).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
    return null;
  }
}
