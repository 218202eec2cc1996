package dev.hangar.deployer.libvirt;

import java.lang.System.Logger.Level;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * The process-wide libvirt event loop, started once on a daemon thread, plus the process-wide error
 * callback.
 *
 * <p>It is process-wide on purpose: {@code virEventRegisterDefaultImpl} (behind {@link
 * Library#initEventLoop()}) registers a global implementation that cannot be unregistered, and
 * {@link Library#stopEventLoop()} flips a global flag, so a per-instance loop would let one closed
 * {@link LibvirtConnections} stop the loop under another. The loop must be registered before the
 * first connection is opened so keep-alive and event callbacks work on it.
 */
final class LibvirtEventLoop {
  private static final System.Logger LOG = System.getLogger(LibvirtEventLoop.class.getName());
  // Held strongly: JNA drops the native callback once the Java object is collected.
  private static final ErrorCallback SILENT_ERRORS = new ErrorCallback();
  private static Thread thread;

  private LibvirtEventLoop() {}

  /** Registers the default event implementation and starts the loop thread if not yet running. */
  static synchronized void ensureRunning() {
    if (thread != null && thread.isAlive()) {
      return;
    }
    try {
      // libvirt's default handler prints every error to stderr, including expected "not found"
      // lookups; errors still reach callers as LibvirtException via virGetLastError.
      Connect.setErrorCallback(SILENT_ERRORS);
      Library.initEventLoop();
    } catch (LibvirtException e) {
      throw new LibvirtOperationException("initialise libvirt event loop", e);
    }
    thread = new Thread(LibvirtEventLoop::run, "libvirt-event-loop");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Library.runEventLoop();
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (LibvirtException e) {
        // One failed poll iteration must not end event delivery for the whole process.
        LOG.log(Level.WARNING, "libvirt event loop iteration failed: {0}", e.getMessage());
      }
    }
  }
}
