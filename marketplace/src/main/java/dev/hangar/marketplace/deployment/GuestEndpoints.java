package dev.hangar.marketplace.deployment;

import java.util.UUID;

/**
 * The per-VM NoCloud-net endpoint as the deployment life cycle needs it; implemented by the context
 * package, which owns tokens and the broker, so this package does not depend on it.
 */
public interface GuestEndpoints {
  /**
   * Issues the deployment a fresh token (revoking any earlier one) in a transaction of its own and
   * returns the SMBIOS system serial pointing cloud-init at the VM's endpoint: {@code
   * ds=nocloud-net;s=<public-url>/api/v1/nocloud/<token>/}.
   */
  String issueSmbiosSerial(UUID deployment);

  /** Revokes the deployment's token in the caller's transaction; its endpoint then answers 404. */
  void revoke(UUID deployment);
}
