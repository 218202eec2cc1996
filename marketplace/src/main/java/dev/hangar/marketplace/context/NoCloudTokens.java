package dev.hangar.marketplace.context;

import dev.hangar.marketplace.account.Tokens;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.marketplace.deployment.GuestEndpoints;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Per-VM NoCloud-net tokens: {@code hnc_} and 32 random bytes (base64url), issued when a VM is
 * brought up, stored only as SHA-256 hashes, revoked when it is destroyed.
 */
@ApplicationScoped
public class NoCloudTokens implements GuestEndpoints {
  /** The path prefix of every VM's endpoint, under the public URL. */
  public static final String PATH = "/api/v1/nocloud/";

  private static final Pattern SHAPE = Pattern.compile("hnc_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ContextRepositories.Members members;
  private final HangarConfig config;

  public NoCloudTokens(ContextRepositories.Members members, HangarConfig config) {
    this.members = members;
    this.config = config;
  }

  @Override
  public String issueSmbiosSerial(UUID deployment) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = "hnc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ContextMember m = members.findById(deployment);
              if (m == null) {
                m = new ContextMember();
                m.deploymentId = deployment;
                members.persist(m);
              }
              m.tokenHash = Tokens.hash(token);
              m.tokenIssuedAt = OffsetDateTime.now();
            });
    return "ds=nocloud-net;s=" + publicUrl() + PATH + token + "/";
  }

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public void revoke(UUID deployment) {
    ContextMember m = members.findById(deployment);
    if (m != null) {
      m.tokenHash = null;
    }
  }

  /**
   * The member whose live token is {@code token}, in the caller's transaction. Anything else
   * (malformed, unknown, revoked) is empty, indistinguishably.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<ContextMember> resolve(String token) {
    if (token == null || !SHAPE.matcher(token).matches()) {
      return Optional.empty();
    }
    // The lookup compares hashes, so its timing tells nothing about the token itself; the stored
    // hash is compared once more in constant time rather than trusting the database's equality.
    String hash = Tokens.hash(token);
    return members
        .findByTokenHash(hash)
        .filter(
            m ->
                MessageDigest.isEqual(
                    m.tokenHash.getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII)));
  }

  /** {@code hangar.context.public-url} without a trailing '/', or the guest's view of this host. */
  private String publicUrl() {
    Optional<String> configured = config.context().publicUrl();
    if (configured.isPresent()) {
      String url = configured.get();
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    // Read when a VM is brought up, after the HTTP server is listening: with port 0 (tests) only
    // then is the real port known.
    int port =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.port", Integer.class)
            .orElse(8080);
    return "http://10.0.2.2:" + port;
  }
}
