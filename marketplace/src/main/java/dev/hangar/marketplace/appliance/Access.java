package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.account.Role;
import dev.hangar.marketplace.problem.ApiException;

/**
 * Who may see and change appliances. Content a caller may not see does not exist for them (404), so
 * private names and digests cannot be probed; content they see but may not change is a 403.
 */
public final class Access {
  private Access() {}

  /** True if {@code caller} may see the appliance and its published versions. */
  public static boolean canSee(Caller caller, Appliance a) {
    if (a.visibility == Visibility.PUBLIC || caller.isAdmin() || caller.has(Role.OPERATOR_NAME)) {
      return true;
    }
    if (caller.publisherId().isEmpty()) {
      return false;
    }
    var publisher = caller.publisherId().get();
    return a.publisher.id.equals(publisher)
        || (a.visibility == Visibility.SHARED
            && a.sharedWith.stream().anyMatch(p -> p.id.equals(publisher)));
  }

  /** True if {@code caller} may see this version: drafts only to whoever may change it. */
  public static boolean canSee(Caller caller, ApplianceVersion v) {
    return canSee(caller, v.appliance)
        && (v.status != VersionStatus.DRAFT || caller.actsFor(v.appliance.publisher.id));
  }

  /**
   * Fails with 404 if the caller cannot see the appliance, 403 if it sees but may not change it.
   */
  public static void requireOwner(Caller caller, Appliance a) {
    if (!canSee(caller, a)) {
      throw ApiException.notFound("appliance " + a.id);
    }
    if (!caller.actsFor(a.publisher.id)) {
      throw ApiException.forbidden(
          "only publisher '" + a.publisher.name + "' may change appliance '" + a.name + "'");
    }
  }
}
