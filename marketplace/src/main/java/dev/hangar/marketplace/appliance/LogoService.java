package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.audit.AuditLog;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.marketplace.problem.Problem;
import dev.hangar.store.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.tika.Tika;

/**
 * Appliance logos: PNG, JPEG, GIF or WebP images, recognised by their bytes (Apache Tika), never by
 * the type the client claims. SVG is refused because it can carry script.
 */
@ApplicationScoped
public class LogoService {
  /** Image types accepted as logos. */
  public static final Set<String> TYPES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private static final Tika TIKA = new Tika();

  private final ApplianceService appliances;
  private final EntityManager em;
  private final AuditLog audit;
  private final CatalogChanges changes;

  public LogoService(
      ApplianceService appliances, EntityManager em, AuditLog audit, CatalogChanges changes) {
    this.appliances = appliances;
    this.em = em;
    this.audit = audit;
    this.changes = changes;
  }

  /** A logo as served: its bytes, type and digest (the ETag). */
  public record Logo(byte[] content, String mediaType, String digest) {}

  /** Replaces the appliance's logo; 415 naming the detected type if it is not an accepted image. */
  @Transactional
  public String put(Caller caller, UUID applianceId, byte[] bytes) {
    Appliance a = appliances.visible(caller, applianceId);
    Access.requireOwner(caller, a);
    if (bytes.length == 0) {
      throw ApiException.badField("body", "is empty; send a PNG, JPEG, GIF or WebP image");
    }
    String type = TIKA.detect(bytes);
    if (!TYPES.contains(type)) {
      String why = "is " + type + ", not a PNG, JPEG, GIF or WebP image";
      throw new ApiException(
          415,
          "Unsupported Media Type",
          "body: " + why,
          List.of(new Problem.FieldError("body", why)));
    }
    ApplianceLogo logo = em.find(ApplianceLogo.class, applianceId);
    if (logo == null) {
      logo = new ApplianceLogo();
      logo.applianceId = applianceId;
      logo.mediaType = type;
      logo.content = bytes;
      em.persist(logo);
    } else {
      logo.mediaType = type;
      logo.content = bytes;
    }
    a.logoDigest = Digest.of(bytes).toString();
    a.logoType = type;
    changes.changed();
    audit.record(caller, "logo", "appliance", a.publisher.name + "/" + a.name, type);
    return a.logoDigest;
  }

  /** The logo, if the caller may see the appliance and it has one. */
  @Transactional
  public Optional<Logo> get(Caller caller, UUID applianceId) {
    Appliance a = appliances.visible(caller, applianceId);
    if (a.logoDigest == null) {
      return Optional.empty();
    }
    ApplianceLogo logo = em.find(ApplianceLogo.class, applianceId);
    return Optional.ofNullable(logo).map(l -> new Logo(l.content, l.mediaType, a.logoDigest));
  }

  /** Removes the logo. */
  @Transactional
  public void delete(Caller caller, UUID applianceId) {
    Appliance a = appliances.visible(caller, applianceId);
    Access.requireOwner(caller, a);
    ApplianceLogo logo = em.find(ApplianceLogo.class, applianceId);
    if (logo != null) {
      em.remove(logo);
    }
    a.logoDigest = null;
    a.logoType = null;
    changes.changed();
    audit.record(caller, "logo", "appliance", a.publisher.name + "/" + a.name, "removed");
  }
}
