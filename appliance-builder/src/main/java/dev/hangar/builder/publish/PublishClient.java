package dev.hangar.builder.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.builder.ApplianceDescriptor;
import dev.hangar.builder.ApplianceDescriptor.FileRef;
import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.PartitionKind;
import dev.hangar.store.Chunk;
import dev.hangar.store.ChunkRef;
import dev.hangar.store.ChunkerParams;
import dev.hangar.store.Digest;
import dev.hangar.store.FastCdcChunker;
import dev.hangar.store.ManifestCodec;
import dev.hangar.store.PartitionManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Publishes a {@link BuiltAppliance} to a marketplace: registers the publisher and appliance when
 * new, creates the version as a draft, uploads every file under its digest, then publishes.
 *
 * <p>Idempotent: a version already published is left as it is, a draft left by an interrupted run
 * is completed, and files the store already holds are not stored twice.
 */
public final class PublishClient {

  /** Media type of a partition manifest (FORMAT.md). */
  static final String MANIFEST_TYPE = "application/vnd.hangar.partition.v1+json";

  /** Header naming the draft an upload is for ({@code <appliance id>/<version>}). */
  static final String VERSION_HEADER = "Hangar-Version";

  /** Chunk digests offered per have/need request. */
  private static final int OFFER_BATCH = 4096;

  private static final FastCdcChunker CHUNKER = new FastCdcChunker(ChunkerParams.defaults());

  private final MarketplaceCalls calls;
  private final EnvelopeSubmitter envelopes;
  private final ObjectMapper json;
  private Progress progress = Progress.NONE;

  /**
   * Talks to the marketplace whose API root is {@code api}, e.g. {@code
   * http://localhost:8080/api/v1}, with the API token of a user of the publisher.
   */
  public PublishClient(URI api, String token) {
    this.calls = new MarketplaceCalls(api, token);
    this.envelopes = new EnvelopeSubmitter(calls);
    this.json = calls.json();
  }

  /** Told about each chunk sent, for progress bars; most chunks of a re-publish never travel. */
  public interface Progress {
    Progress NONE = (file, sentChunks, missingChunks, bytes) -> {};

    void chunkSent(String file, long sentChunks, long missingChunks, int bytes);

    /**
     * Told once per file after the have/need exchange, before any of its chunks is sent: how many
     * chunks and bytes of it the store lacks (both 0 when everything is already stored).
     */
    default void uploading(String file, long missingChunks, long missingBytes) {}
  }

  /** Reports upload progress to {@code listener} from now on. */
  public PublishClient withProgress(Progress listener) {
    this.progress = listener;
    return this;
  }

  /**
   * What was published.
   *
   * @param applianceId the appliance's id in the catalog
   * @param version the version published
   * @param newlyPublished false if the version was already published before this call
   * @param upload what travelled: zero chunks for content the store already held
   * @param signatures manifest signatures submitted by this call
   * @param attestations attestations submitted by this call
   */
  public record Published(
      UUID applianceId,
      String version,
      boolean newlyPublished,
      UploadStats upload,
      int signatures,
      int attestations) {}

  /**
   * Publishes {@code built} under {@code publisher}, which must exist and be the token user's.
   *
   * @throws PublishException naming the step and the marketplace's problem detail
   */
  public Published publish(String publisher, BuiltAppliance built) {
    return publish(publisher, built, List.of());
  }

  /**
   * Publishes {@code built} as {@link #publish(String, BuiltAppliance)} does, submitting each DSSE
   * envelope of {@code signatures} (JSON bytes signing the version's canonical manifest) once the
   * draft exists and before it is published, so a strict trust policy sees them. For a version
   * already published the signatures are still submitted (a publisher may add signatures later).
   *
   * @throws PublishException naming the step and the marketplace's problem detail
   */
  public Published publish(String publisher, BuiltAppliance built, List<byte[]> signatures) {
    return publish(publisher, built, signatures, List.of());
  }

  /**
   * Publishes as {@link #publish(String, BuiltAppliance, List)} does and also submits each DSSE
   * envelope of {@code attestations} (in-toto statements, e.g. the signed build provenance) the
   * version does not hold yet, before it is published.
   *
   * @throws PublishException naming the step and the marketplace's problem detail
   */
  public Published publish(
      String publisher, BuiltAppliance built, List<byte[]> signatures, List<byte[]> attestations) {
    ApplianceDescriptor d = built.descriptor();
    UUID applianceId = ensureAppliance(publisher, d);
    String versionPath = "appliances/" + applianceId + "/versions/" + d.version();
    JsonNode existing = calls.send("read version " + d.version(), calls.get(versionPath), 200, 404);
    if (existing != null && "PUBLISHED".equals(existing.path("status").asText())) {
      int submitted = envelopes.signatures(versionPath, signatures);
      int attested = envelopes.attestations(versionPath, attestations);
      return new Published(applianceId, d.version(), false, UploadStats.NONE, submitted, attested);
    }
    if (existing == null) {
      calls.send(
          "create version " + d.version(),
          calls.post("appliances/" + applianceId + "/versions", versionBody(d)),
          201);
    }
    // Names the draft so the marketplace reports this upload as the version's progress.
    String draft = applianceId + "/" + d.version();
    UploadStats stats = UploadStats.NONE;
    stats = upload(built.kernelFile(), d.kernel(), stats, draft);
    stats = upload(built.initrdFile(), d.initrd(), stats, draft);
    for (PartitionImage p : d.partitions()) {
      if (p.kind() != PartitionKind.EMPTY) {
        stats =
            upload(
                built.outDir().resolve(p.file()),
                new FileRef(p.file(), p.sha256(), p.sizeBytes()),
                stats,
                draft);
      }
    }
    int submitted = envelopes.signatures(versionPath, signatures);
    int attested = envelopes.attestations(versionPath, attestations);
    calls.send(
        "publish version " + d.version(),
        calls.post(versionPath + "/publish", json.createObjectNode()),
        200);
    return new Published(applianceId, d.version(), true, stats, submitted, attested);
  }

  private UUID ensureAppliance(String publisher, ApplianceDescriptor d) {
    JsonNode all = calls.send("list appliances", calls.get("appliances"), 200);
    for (JsonNode a : all) {
      if (publisher.equals(a.path("publisher").asText())
          && d.name().equals(a.path("name").asText())) {
        return UUID.fromString(a.path("id").asText());
      }
    }
    ObjectNode body =
        json.createObjectNode()
            .put("publisher", publisher)
            .put("name", d.name())
            .put("summary", d.summary())
            .put("description", d.description());
    return UUID.fromString(
        calls
            .send("create appliance " + d.name(), calls.post("appliances", body), 201)
            .path("id")
            .asText());
  }

  private ObjectNode versionBody(ApplianceDescriptor d) {
    ObjectNode body = json.createObjectNode().put("version", d.version()).put("channel", "stable");
    ObjectNode boot = body.putObject("boot").put("cmdline", d.cmdline());
    boot.set("kernel", fileRef(d.kernel()));
    boot.set("initrd", fileRef(d.initrd()));
    body.putObject("requirements")
        .put("arch", d.requirements().arch())
        .put("vcpus", d.requirements().vcpus())
        .put("memoryMiB", d.requirements().memoryMiB());
    ArrayNode partitions = body.putArray("partitions");
    for (PartitionImage p : d.partitions()) {
      ObjectNode node =
          partitions
              .addObject()
              .put("label", p.label())
              .put("role", p.role())
              .put("kind", p.kind().name())
              .put("filesystem", p.filesystem().name().toLowerCase(Locale.ROOT))
              .put("sizeBytes", p.sizeBytes());
      if (p.sha256() != null) {
        node.put("digest", "sha256:" + p.sha256());
      }
    }
    body.set("contextSchema", d.contextSchema());
    ArrayNode components = body.putArray("components");
    d.components().forEach(components::add);
    return body;
  }

  private ObjectNode fileRef(FileRef ref) {
    return json.createObjectNode().put("digest", "sha256:" + ref.sha256()).put("size", ref.size());
  }

  /**
   * Uploads a file through the have/need exchange: offers its chunk digests, sends only the chunks
   * the store lacks, then commits the manifest. Running it again after a failure resumes: the
   * chunks already sent are no longer missing.
   */
  private UploadStats upload(Path file, FileRef ref, UploadStats stats, String draft) {
    try {
      List<ChunkRef> chunks = new ArrayList<>();
      MessageDigest whole = Digest.newSha256();
      forEachChunk(
          file,
          chunk -> {
            whole.update(chunk.data());
            chunks.add(
                new ChunkRef(chunk.offset(), chunk.length(), Digest.of(chunk.data()), false));
          });
      Digest digest = Digest.finish(whole);
      if (!digest.hex().equals(ref.sha256())) {
        throw new PublishException(file + " changed since it was built: it hashes to " + digest, 0);
      }
      Set<String> missing = missing(ref.file(), chunks, draft);
      long total = missing.size();
      Set<String> counted = new HashSet<>();
      long missingBytes = 0;
      for (ChunkRef c : chunks) {
        if (missing.contains(c.digest().toString()) && counted.add(c.digest().toString())) {
          missingBytes += c.length();
        }
      }
      progress.uploading(ref.file(), total, missingBytes);
      Set<String> sent = new HashSet<>();
      forEachChunk(
          file,
          chunk -> {
            String d = Digest.of(chunk.data()).toString();
            if (missing.contains(d) && sent.add(d)) {
              HttpRequest put =
                  calls
                      .request("chunks/" + d)
                      .header(VERSION_HEADER, draft)
                      .header("Content-Type", "application/octet-stream")
                      .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk.data()))
                      .build();
              calls.send("upload a chunk of " + ref.file(), put, 204);
              progress.chunkSent(ref.file(), sent.size(), total, chunk.length());
            }
          });
      byte[] manifest =
          ManifestCodec.toJson(new PartitionManifest(digest, Files.size(file), chunks));
      HttpRequest commit =
          calls
              .request("partitions")
              .header(VERSION_HEADER, draft)
              .header("Content-Type", MANIFEST_TYPE)
              .POST(HttpRequest.BodyPublishers.ofByteArray(manifest))
              .build();
      calls.send("commit " + ref.file(), commit, 200, 201);
      long offered = chunks.stream().map(ChunkRef::digest).distinct().count();
      return stats.plus(offered, sent.size(), missingBytes, Files.size(file));
    } catch (IOException e) {
      throw new PublishException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private Set<String> missing(String file, List<ChunkRef> chunks, String draft) {
    List<String> distinct = chunks.stream().map(c -> c.digest().toString()).distinct().toList();
    Set<String> missing = new HashSet<>();
    for (int from = 0; from < distinct.size(); from += OFFER_BATCH) {
      ObjectNode offer = json.createObjectNode();
      ArrayNode list = offer.putArray("chunks");
      distinct.subList(from, Math.min(distinct.size(), from + OFFER_BATCH)).forEach(list::add);
      HttpRequest request =
          calls
              .request("chunks/missing")
              .header(VERSION_HEADER, draft)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(offer.toString()))
              .build();
      calls
          .send("offer the chunks of " + file, request, 200)
          .path("missing")
          .forEach(d -> missing.add(d.asText()));
    }
    return missing;
  }

  private interface ChunkAction {
    void accept(Chunk chunk) throws IOException;
  }

  private static void forEachChunk(Path file, ChunkAction action) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      FastCdcChunker.Reader reader = CHUNKER.open(in);
      for (Optional<Chunk> next = reader.next(); next.isPresent(); next = reader.next()) {
        action.accept(next.get());
      }
    }
  }
}
