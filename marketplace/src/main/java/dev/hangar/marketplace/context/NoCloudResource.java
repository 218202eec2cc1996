package dev.hangar.marketplace.context;

import dev.hangar.context.NoCloudSeed;
import dev.hangar.marketplace.deployment.DeploymentState;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.problem.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A VM's NoCloud-net datasource and context broker endpoint. The token in the path is the only
 * credential; anything but a live token answers the same 404.
 */
@Path("/api/v1/nocloud/{token}")
@PermitAll
@Produces(MediaType.TEXT_PLAIN)
public class NoCloudResource {
  /** Largest body a VM may POST (provide, ready, failed). */
  static final int MAX_BODY = 64 * 1024;

  /** Seconds a VM is told to wait before asking for an incomplete context again. */
  static final int RETRY_AFTER_SECONDS = 2;

  private final NoCloudService seeds;
  private final BrokerService broker;

  public NoCloudResource(NoCloudService seeds, BrokerService broker) {
    this.seeds = seeds;
    this.broker = broker;
  }

  @GET
  @Path("meta-data")
  public String metaData(@PathParam("token") String token) {
    return seeds.seed(token).metaData();
  }

  @GET
  @Path("user-data")
  public String userData(@PathParam("token") String token) {
    return seeds.seed(token).userData();
  }

  /** The network-config of the seed; 404 when the seed has none (the image's defaults apply). */
  @GET
  @Path("network-config")
  public String networkConfig(@PathParam("token") String token) {
    NoCloudSeed seed = seeds.seed(token);
    return seed.networkConfig()
        .orElseThrow(() -> ApiException.notFound("a network-config for this VM"));
  }

  /** Always empty: Hangar puts everything into user-data. */
  @GET
  @Path("vendor-data")
  public String vendorData(@PathParam("token") String token) {
    seeds.seed(token);
    return "";
  }

  /** Records the VM's {@code key=value} lines (204); a bad line is a 400 naming its key. */
  @POST
  @Path("provide")
  public Response provide(@PathParam("token") String token, InputStream body) throws IOException {
    broker.provide(token, text(body));
    return Response.noContent().build();
  }

  /**
   * The VM's context as {@code key=value} lines once every role it requires has provided; until
   * then 503 with {@code Retry-After}.
   */
  @GET
  @Path("context")
  public Response context(@PathParam("token") String token, UriInfo uri) {
    BrokerService.Answer answer = broker.context(token);
    if (answer.lines().isPresent()) {
      return Response.ok(answer.lines().get(), MediaType.TEXT_PLAIN).build();
    }
    Problem problem =
        new Problem(
            "about:blank",
            "Service Unavailable",
            503,
            "waiting for " + answer.waitingFor() + " VM(s) of the required roles to provide",
            uri.getPath(),
            null);
    return Response.status(503)
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .type(Problem.MEDIA_TYPE)
        .entity(problem)
        .build();
  }

  /** The VM is up: its BOOTING deployment becomes READY (204); 409 if it is no longer booting. */
  @POST
  @Path("ready")
  public Response ready(@PathParam("token") String token, InputStream body) throws IOException {
    broker.report(token, DeploymentState.READY, text(body));
    return Response.noContent().build();
  }

  /** The VM failed; the body is the reason. Its BOOTING deployment becomes FAILED (204). */
  @POST
  @Path("failed")
  public Response failed(@PathParam("token") String token, InputStream body) throws IOException {
    broker.report(token, DeploymentState.FAILED, text(body));
    return Response.noContent().build();
  }

  /** The body as UTF-8, refusing more than {@link #MAX_BODY} bytes without reading them all. */
  private static String text(InputStream body) throws IOException {
    if (body == null) {
      return "";
    }
    byte[] bytes = body.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new ApiException(
          413, "Payload Too Large", "bodies are limited to " + MAX_BODY + " bytes");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badField("body", "is not UTF-8 text");
    }
  }
}
