package dev.hangar.marketplace.trust;

import dev.hangar.store.trust.CatalogSnapshot;
import dev.hangar.store.trust.CatalogTimestamp;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The signed catalog, readable by anyone: the marketplace's public catalog key (to pin), the
 * current timestamp and the snapshot it names (DSSE envelopes, FORMAT.md "Catalog snapshot and
 * timestamp").
 */
@Path("/api/v1/trust")
public class CatalogResource {
  private final CatalogSigner catalog;
  private final CatalogKey key;

  public CatalogResource(CatalogSigner catalog, CatalogKey key) {
    this.catalog = catalog;
    this.key = key;
  }

  /** The catalog key as PEM {@code PUBLIC KEY}; its key id is in the {@code Key-Id} header. */
  @GET
  @Path("catalog-key")
  @Produces(MediaType.TEXT_PLAIN)
  public jakarta.ws.rs.core.Response catalogKey() {
    return jakarta.ws.rs.core.Response.ok(key.publicKeyPem()).header("Key-Id", key.keyId()).build();
  }

  /** The current timestamp envelope (payload type {@value CatalogTimestamp#PAYLOAD_TYPE}). */
  @GET
  @Path("timestamp")
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] timestamp() {
    return catalog.current().timestamp().toBytes();
  }

  /** The current snapshot envelope (payload type {@value CatalogSnapshot#PAYLOAD_TYPE}). */
  @GET
  @Path("snapshot")
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] snapshot() {
    return catalog.current().snapshot().toBytes();
  }
}
