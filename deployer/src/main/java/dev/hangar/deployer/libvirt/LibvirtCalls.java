package dev.hangar.deployer.libvirt;

import org.libvirt.LibvirtException;

/** Runs libvirt calls, turning checked {@link LibvirtException}s into typed runtime failures. */
final class LibvirtCalls {
  private LibvirtCalls() {}

  /** Returns {@code action}'s result or throws {@link LibvirtOperationException} for it. */
  static <T> T call(String operation, Call<T> action) {
    try {
      return action.call();
    } catch (LibvirtException e) {
      throw new LibvirtOperationException(operation, e);
    }
  }

  /** Runs {@code action} or throws {@link LibvirtOperationException} for it. */
  static void run(String operation, Action action) {
    try {
      action.run();
    } catch (LibvirtException e) {
      throw new LibvirtOperationException(operation, e);
    }
  }

  /** A libvirt call with a result. */
  @FunctionalInterface
  interface Call<T> {
    T call() throws LibvirtException;
  }

  /** A libvirt call without a result. */
  @FunctionalInterface
  interface Action {
    void run() throws LibvirtException;
  }
}
