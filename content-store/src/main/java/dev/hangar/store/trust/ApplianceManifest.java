package dev.hangar.store.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangar.store.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The signed description of one appliance version: everything a deployer fetches and boots is named
 * here by digest and size, so a valid signature over the manifest covers all of it.
 *
 * <p>The wire form is the RFC 8785 canonical JSON of {@link #toJson()} (FORMAT.md, "Signing and
 * trust"); {@link #digest()} is the SHA-256 of those bytes and is what attestations and catalog
 * snapshots refer to.
 *
 * @param publisher publisher account name, e.g. {@code acme}
 * @param name appliance name within the publisher, e.g. {@code hello}
 * @param version SemVer 2.0.0 version
 * @param channel release channel, e.g. {@code stable}
 * @param partitions disk partitions in ascending, distinct {@code position} order
 * @param boot direct-kernel boot artifacts
 * @param requirements minimum virtual hardware
 * @param contextSchema JSON Schema of the contextualization parameters (any JSON object)
 * @param contextTemplates template name to SHA-256 of the template text
 * @param components names of the standard appliance components the deployer applies to the VM's
 *     seed, in the order given; distinct (the member is left out of the JSON when empty, so
 *     manifests from before components existed keep their bytes)
 * @param issuedAt when the publisher signed, a whole second (the signature time for revocation)
 */
public record ApplianceManifest(
    String publisher,
    String name,
    SemVer version,
    String channel,
    List<Partition> partitions,
    Boot boot,
    Requirements requirements,
    JsonNode contextSchema,
    Map<String, Digest> contextTemplates,
    List<String> components,
    Instant issuedAt) {

  /** Value of the {@code format} field of every manifest this class writes or accepts. */
  public static final String FORMAT = "hangar.appliance.v1";

  /** DSSE payload type of an envelope whose payload is a manifest. */
  public static final String PAYLOAD_TYPE = "application/vnd.hangar.manifest+json";

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  /** Validates every field; collections are copied (templates sorted by name). */
  public ApplianceManifest {
    requireName(publisher, "publisher");
    requireName(name, "name");
    Objects.requireNonNull(version, "version");
    requireName(channel, "channel");
    partitions = List.copyOf(partitions);
    Set<Integer> positions = new HashSet<>();
    int previous = -1;
    for (Partition p : partitions) {
      if (p.position() <= previous || !positions.add(p.position())) {
        throw new IllegalArgumentException("partition positions must ascend strictly");
      }
      previous = p.position();
    }
    Objects.requireNonNull(boot, "boot");
    Objects.requireNonNull(requirements, "requirements");
    if (contextSchema == null || !contextSchema.isObject()) {
      throw new IllegalArgumentException("contextSchema must be a JSON object");
    }
    contextSchema = contextSchema.deepCopy();
    contextTemplates = java.util.Collections.unmodifiableMap(new TreeMap<>(contextTemplates));
    components = List.copyOf(components);
    for (String component : components) {
      requireName(component, "component");
    }
    if (Set.copyOf(components).size() != components.size()) {
      throw new IllegalArgumentException("components must be distinct, got " + components);
    }
    Json.wholeSeconds(Objects.requireNonNull(issuedAt, "issuedAt"), "issuedAt");
  }

  /** A manifest without components. */
  public ApplianceManifest(
      String publisher,
      String name,
      SemVer version,
      String channel,
      List<Partition> partitions,
      Boot boot,
      Requirements requirements,
      JsonNode contextSchema,
      Map<String, Digest> contextTemplates,
      Instant issuedAt) {
    this(
        publisher,
        name,
        version,
        channel,
        partitions,
        boot,
        requirements,
        contextSchema,
        contextTemplates,
        List.of(),
        issuedAt);
  }

  /**
   * One partition image.
   *
   * @param position 0-based disk position (0 is the boot disk)
   * @param role purpose, e.g. {@code root}, {@code data}
   * @param kind content type, e.g. {@code ext4}, {@code raw}
   * @param digest partition digest (SHA-256 of all raw bytes)
   * @param size partition length in bytes
   */
  public record Partition(int position, String role, String kind, Digest digest, long size) {
    /** Validates the fields. */
    public Partition {
      if (position < 0) {
        throw new IllegalArgumentException("position must be >= 0");
      }
      requireName(role, "role");
      requireName(kind, "kind");
      Objects.requireNonNull(digest, "digest");
      requireSize(size);
    }
  }

  /**
   * A blob named by digest and exact size.
   *
   * @param digest SHA-256 of the bytes
   * @param size length in bytes
   */
  public record Artifact(Digest digest, long size) {
    /** Validates the fields. */
    public Artifact {
      Objects.requireNonNull(digest, "digest");
      requireSize(size);
    }
  }

  /**
   * Direct-kernel boot.
   *
   * @param kernel the kernel image
   * @param initrd the initial ramdisk
   * @param cmdline kernel command line
   */
  public record Boot(Artifact kernel, Artifact initrd, String cmdline) {
    /** Validates the fields. */
    public Boot {
      Objects.requireNonNull(kernel, "kernel");
      Objects.requireNonNull(initrd, "initrd");
      Objects.requireNonNull(cmdline, "cmdline");
    }
  }

  /**
   * Minimum virtual hardware.
   *
   * @param arch CPU architecture, e.g. {@code x86_64}
   * @param vcpus virtual CPUs, at least 1
   * @param memoryMiB memory in MiB, at least 1
   */
  public record Requirements(String arch, int vcpus, long memoryMiB) {
    /** Validates the fields. */
    public Requirements {
      requireName(arch, "arch");
      if (vcpus < 1 || memoryMiB < 1) {
        throw new IllegalArgumentException("vcpus and memoryMiB must be >= 1");
      }
    }
  }

  /** Returns {@code publisher/name}, the key trust policies match against. */
  public String appliance() {
    return publisher + "/" + name;
  }

  /** Returns the JSON object form (member order irrelevant; see {@link #toCanonicalJson()}). */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("publisher", publisher);
    root.put("name", name);
    root.put("version", version.toString());
    root.put("channel", channel);
    root.put("issuedAt", issuedAt.toString());
    ArrayNode parts = root.putArray("partitions");
    for (Partition p : partitions) {
      ObjectNode o = parts.addObject();
      o.put("position", p.position());
      o.put("role", p.role());
      o.put("kind", p.kind());
      o.put("digest", p.digest().toString());
      o.put("size", p.size());
    }
    ObjectNode b = root.putObject("boot");
    artifact(b.putObject("kernel"), boot.kernel());
    artifact(b.putObject("initrd"), boot.initrd());
    b.put("cmdline", boot.cmdline());
    ObjectNode r = root.putObject("requirements");
    r.put("arch", requirements.arch());
    r.put("vcpus", requirements.vcpus());
    r.put("memoryMiB", requirements.memoryMiB());
    root.set("contextSchema", contextSchema.deepCopy());
    ObjectNode t = root.putObject("contextTemplates");
    contextTemplates.forEach((k, v) -> t.put(k, v.toString()));
    if (!components.isEmpty()) {
      ArrayNode c = root.putArray("components");
      components.forEach(c::add);
    }
    return root;
  }

  /** Returns the RFC 8785 canonical UTF-8 JSON: the exact bytes that are signed. */
  public byte[] toCanonicalJson() {
    return CanonicalJson.canonicalize(toJson());
  }

  /** Returns the SHA-256 of {@link #toCanonicalJson()}, the manifest's identity. */
  public Digest digest() {
    return Digest.of(toCanonicalJson());
  }

  /** Returns the size recorded for {@code digest} if it names a partition, kernel or initrd. */
  public Optional<Long> sizeOf(Digest digest) {
    for (Partition p : partitions) {
      if (p.digest().equals(digest)) {
        return Optional.of(p.size());
      }
    }
    for (Artifact a : List.of(boot.kernel(), boot.initrd())) {
      if (a.digest().equals(digest)) {
        return Optional.of(a.size());
      }
    }
    return Optional.empty();
  }

  /** Returns whether {@code digest} names a partition, boot file or context template. */
  public boolean lists(Digest digest) {
    return sizeOf(digest).isPresent() || contextTemplates.containsValue(digest);
  }

  /**
   * Parses a manifest payload, which must be exactly the canonical serialization of a valid
   * manifest (so unknown fields and non-canonical encodings are refused, and the digest of the
   * payload equals {@link #digest()}).
   */
  public static ApplianceManifest parse(byte[] payload) throws MalformedMetadataException {
    ApplianceManifest m;
    try {
      m = fromJson(CanonicalJson.parse(payload));
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException("invalid appliance manifest: " + e.getMessage(), e);
    }
    if (!Arrays.equals(payload, m.toCanonicalJson())) {
      throw new MalformedMetadataException(
          "manifest payload is not canonical JSON or has unknown fields");
    }
    return m;
  }

  /** Reads the JSON object form; unknown members are ignored here but refused by parse. */
  public static ApplianceManifest fromJson(JsonNode root) throws MalformedMetadataException {
    if (!FORMAT.equals(Json.text(root, "format"))) {
      throw new MalformedMetadataException("unsupported manifest format " + root.get("format"));
    }
    List<Partition> parts = new ArrayList<>();
    for (JsonNode p : Json.array(root, "partitions")) {
      parts.add(
          new Partition(
              (int) Json.integer(p, "position", 0, Integer.MAX_VALUE),
              Json.text(p, "role"),
              Json.text(p, "kind"),
              Json.digest(p, "digest"),
              Json.integer(p, "size", 0, Json.MAX_SAFE_INTEGER)));
    }
    JsonNode b = Json.field(root, "boot");
    JsonNode r = Json.field(root, "requirements");
    JsonNode templates = Json.field(root, "contextTemplates");
    Map<String, Digest> t = new TreeMap<>();
    for (Iterator<String> it = templates.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      t.put(key, Json.digest(templates, key));
    }
    List<String> components = new ArrayList<>();
    if (root.has("components")) {
      for (JsonNode c : Json.array(root, "components")) {
        if (!c.isTextual()) {
          throw new MalformedMetadataException("field 'components' must hold names");
        }
        components.add(c.asText());
      }
    }
    return new ApplianceManifest(
        Json.text(root, "publisher"),
        Json.text(root, "name"),
        SemVer.parse(Json.text(root, "version")),
        Json.text(root, "channel"),
        parts,
        new Boot(
            readArtifact(Json.field(b, "kernel")),
            readArtifact(Json.field(b, "initrd")),
            Json.text(b, "cmdline")),
        new Requirements(
            Json.text(r, "arch"),
            (int) Json.integer(r, "vcpus", 1, 4096),
            Json.integer(r, "memoryMiB", 1, Json.MAX_SAFE_INTEGER)),
        Json.field(root, "contextSchema"),
        t,
        components,
        Json.instant(root, "issuedAt"));
  }

  private static Artifact readArtifact(JsonNode a) throws MalformedMetadataException {
    return new Artifact(
        Json.digest(a, "digest"), Json.integer(a, "size", 0, Json.MAX_SAFE_INTEGER));
  }

  private static void artifact(ObjectNode o, Artifact a) {
    o.put("digest", a.digest().toString());
    o.put("size", a.size());
  }

  static void requireName(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must match " + NAME.pattern() + ", got " + value);
    }
  }

  private static void requireSize(long size) {
    if (size < 0 || size > Json.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("size must be 0.." + Json.MAX_SAFE_INTEGER);
    }
  }
}
