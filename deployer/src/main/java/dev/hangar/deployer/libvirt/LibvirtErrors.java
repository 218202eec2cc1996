package dev.hangar.deployer.libvirt;

import java.util.Set;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/** Classifies libvirt errors. */
final class LibvirtErrors {
  private static final Set<ErrorNumber> NOT_FOUND =
      Set.of(
          ErrorNumber.VIR_ERR_NO_DOMAIN,
          ErrorNumber.VIR_ERR_NO_STORAGE_VOL,
          ErrorNumber.VIR_ERR_NO_STORAGE_POOL);

  private LibvirtErrors() {}

  /** True when libvirt reports that the domain, volume or pool does not exist. */
  static boolean isNotFound(LibvirtException e) {
    return e.getError() != null && NOT_FOUND.contains(e.getError().getCode());
  }

  /** True when the domain exists but is not running (destroying it is then a no-op). */
  static boolean isNotRunning(LibvirtException e) {
    return e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_OPERATION_INVALID;
  }
}
