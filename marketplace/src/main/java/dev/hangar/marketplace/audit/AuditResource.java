package dev.hangar.marketplace.audit;

import dev.hangar.marketplace.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** The audit log, for administrators; page with {@code after} = the last id seen. */
@Path("/api/v1/audit")
@RolesAllowed(Role.ADMIN_NAME)
public class AuditResource {
  private final AuditLog log;

  public AuditResource(AuditLog log) {
    this.log = log;
  }

  @GET
  public List<AuditLog.AuditDto> list(
      @QueryParam("after") @DefaultValue("0") @Min(0) long after,
      @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
    return log.page(after, limit);
  }
}
