package dev.hangar.store.trust;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hangar.store.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which signers a deployer trusts for which appliances, which attestations it requires, and whether
 * violations refuse the deployment (STRICT) or are only recorded (AUDIT).
 *
 * <p>The first rule whose {@code appliances} glob matches {@code publisher/name} applies; an
 * appliance no rule matches is a violation. Globs use {@code *} (any characters, including none)
 * and {@code ?} (one character). Loaded from YAML or JSON (FORMAT.md, "Policy file"); unknown
 * fields are rejected so that a misspelt requirement cannot silently weaken the policy.
 *
 * @param enforcement STRICT or AUDIT
 * @param rules rules in priority order
 */
public record TrustPolicy(Enforcement enforcement, List<Rule> rules) {

  /** How far in the future a manifest's issuedAt may lie before it is a violation. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** What a violation does. */
  public enum Enforcement {
    /** Violations deny the deployment. */
    STRICT,
    /** Violations are recorded in the decision but the deployment is allowed. */
    AUDIT
  }

  /**
   * A set of acceptable signers; a signature satisfies it if any clause matches.
   *
   * @param publishers keyring publishers whose keys count (each needs its keyring threshold)
   * @param keys key ids that count individually (keyring keys or certified keys)
   * @param identities globs matched against certificate CN and SANs of chain-verified signers
   */
  public record Signers(List<String> publishers, List<String> keys, List<String> identities) {
    /** Treats absent lists as empty. */
    @JsonCreator
    public Signers(
        @JsonProperty("publishers") List<String> publishers,
        @JsonProperty("keys") List<String> keys,
        @JsonProperty("identities") List<String> identities) {
      this.publishers = publishers == null ? List.of() : List.copyOf(publishers);
      this.keys = keys == null ? List.of() : List.copyOf(keys);
      this.identities = identities == null ? List.of() : List.copyOf(identities);
    }

    /** Returns what in {@code check} satisfies this set, empty if nothing does. */
    List<String> satisfiedBy(SignatureCheck check, PublisherKeyring keyring, List<String> why) {
      List<String> by = new ArrayList<>();
      for (String p : publishers) {
        int count = check.keysOf(p).size();
        if (count >= keyring.threshold(p)) {
          by.add("publisher " + p + " (" + count + " keys)");
        } else if (count > 0) {
          why.add(
              "publisher "
                  + p
                  + " signed with "
                  + count
                  + " of "
                  + keyring.threshold(p)
                  + " required keys");
        }
      }
      for (VerifiedSigner s : check.valid()) {
        if (keys.contains(s.keyId())) {
          by.add("key " + s.keyId());
        }
        if (s.identity() != null) {
          for (String name : s.identity().names()) {
            if (identities.stream().anyMatch(g -> glob(g).matcher(name).matches())) {
              by.add("certificate " + name);
              break;
            }
          }
        }
      }
      return by;
    }
  }

  /**
   * One rule.
   *
   * @param appliances glob over {@code publisher/name}
   * @param signers who may sign manifests of matching appliances
   * @param attestors who may sign their attestations; absent means {@code signers}
   * @param requiredPredicates predicate types each of which some valid attestation must have
   */
  public record Rule(
      String appliances, Signers signers, Signers attestors, List<String> requiredPredicates) {
    /** Validates the rule; absent lists are empty. */
    @JsonCreator
    public Rule(
        @JsonProperty(value = "appliances", required = true) String appliances,
        @JsonProperty(value = "signers", required = true) Signers signers,
        @JsonProperty("attestors") Signers attestors,
        @JsonProperty("requiredPredicates") List<String> requiredPredicates) {
      this.appliances = Objects.requireNonNull(appliances, "appliances");
      this.signers = Objects.requireNonNull(signers, "signers");
      this.attestors = attestors == null ? signers : attestors;
      this.requiredPredicates =
          requiredPredicates == null ? List.of() : List.copyOf(requiredPredicates);
    }

    boolean matches(String appliance) {
      return glob(appliances).matcher(appliance).matches();
    }
  }

  /** Validates the fields. */
  @JsonCreator
  public TrustPolicy(
      @JsonProperty(value = "enforcement", required = true) Enforcement enforcement,
      @JsonProperty(value = "rules", required = true) List<Rule> rules) {
    this.enforcement = Objects.requireNonNull(enforcement, "enforcement");
    this.rules = List.copyOf(rules);
  }

  /** Parses a policy from YAML (JSON is valid YAML, so both forms are accepted). */
  public static TrustPolicy parse(String text) throws IOException {
    return YAML.readValue(text, TrustPolicy.class);
  }

  /** Reads a policy file (YAML or JSON). */
  public static TrustPolicy load(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /**
   * Evaluates a signed manifest and its attestations. Manifest signatures are checked as of the
   * manifest's issuedAt, attestation signatures as of {@code now} (statements carry no signed
   * time). A manifest that cannot be read is denied whatever the enforcement level.
   */
  public PolicyDecision evaluate(
      Envelope manifestEnvelope,
      List<Envelope> attestations,
      PublisherKeyring keyring,
      Instant now) {
    ApplianceManifest manifest;
    try {
      if (!ApplianceManifest.PAYLOAD_TYPE.equals(manifestEnvelope.payloadType())) {
        throw new MalformedMetadataException("payload type is " + manifestEnvelope.payloadType());
      }
      manifest = ApplianceManifest.parse(manifestEnvelope.payload());
    } catch (MalformedMetadataException e) {
      return new PolicyDecision(
          false, enforcement, "", "", List.of("unreadable manifest: " + e.getMessage()), List.of());
    }
    Digest digest = manifest.digest();
    List<String> violations = new ArrayList<>();
    List<String> trustedBy = new ArrayList<>();
    if (manifest.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
      violations.add("manifest issuedAt " + manifest.issuedAt() + " is in the future");
    }
    Rule rule =
        rules.stream().filter(r -> r.matches(manifest.appliance())).findFirst().orElse(null);
    if (rule == null) {
      violations.add("no policy rule covers " + manifest.appliance());
    } else {
      SignatureCheck check = keyring.check(manifestEnvelope, manifest.issuedAt());
      List<String> why = new ArrayList<>();
      List<String> by = rule.signers().satisfiedBy(check, keyring, why);
      if (by.isEmpty()) {
        why.addAll(check.rejected());
        violations.add("no trusted signature on the manifest " + why);
      }
      trustedBy.addAll(by);
      for (String type : rule.requiredPredicates()) {
        attestation(type, digest, attestations, rule.attestors(), keyring, now, violations)
            .ifPresent(trustedBy::add);
      }
    }
    boolean allowed = violations.isEmpty() || enforcement == Enforcement.AUDIT;
    return new PolicyDecision(
        allowed, enforcement, manifest.appliance(), digest.toString(), violations, trustedBy);
  }

  private static java.util.Optional<String> attestation(
      String type,
      Digest manifest,
      List<Envelope> attestations,
      Signers attestors,
      PublisherKeyring keyring,
      Instant now,
      List<String> violations) {
    List<String> why = new ArrayList<>();
    for (Envelope e : attestations) {
      try {
        Statement s = Statement.open(e, manifest);
        if (!s.predicateType().equals(type)) {
          continue;
        }
        SignatureCheck check = keyring.check(e, now);
        List<String> by = attestors.satisfiedBy(check, keyring, why);
        if (!by.isEmpty()) {
          return java.util.Optional.of("attestation " + type + " by " + by);
        }
        why.addAll(check.rejected());
      } catch (MalformedMetadataException | MixAndMatchException ex) {
        why.add(ex.getMessage());
      }
    }
    violations.add("no trusted attestation of type " + type + (why.isEmpty() ? "" : " " + why));
    return java.util.Optional.empty();
  }

  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
