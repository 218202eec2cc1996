package dev.hangar.deployer.libvirt;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Holds one libvirt connection per node URI, opened on first use and reopened when it is found
 * dead.
 *
 * <p>Opening a connection first makes sure the process-wide libvirt event loop runs, which libvirt
 * needs for keep-alive probes on remote connections and for event callbacks. Closing this object
 * closes its connections; the event loop thread (a daemon) stays, because libvirt cannot unregister
 * it.
 */
public final class LibvirtConnections implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LibvirtConnections.class.getName());
  private static final int KEEPALIVE_INTERVAL_SECONDS = 5;
  private static final int KEEPALIVE_COUNT = 3;

  private final Map<String, Connect> connections = new HashMap<>();
  private boolean closed;

  /** Returns the live connection to {@code uri}, opening or reopening it as needed. */
  public synchronized Connect get(String uri) {
    if (closed) {
      throw new IllegalStateException("connections closed");
    }
    Connect existing = connections.get(uri);
    if (existing != null) {
      if (isAlive(existing)) {
        return existing;
      }
      LOG.log(Level.INFO, "libvirt connection to {0} is dead; reconnecting", uri);
      closeQuietly(uri, existing);
      connections.remove(uri);
    }
    Connect opened = open(uri);
    connections.put(uri, opened);
    return opened;
  }

  /** True when {@code connection} is open and, for remote transports, answers keep-alives. */
  public static boolean isAlive(Connect connection) {
    try {
      return connection.isConnected() && connection.isAlive();
    } catch (LibvirtException e) {
      // A closed or broken connection reports an invalid-connection error instead of "false".
      return false;
    }
  }

  /** Closes every connection; later {@link #get} calls fail. */
  @Override
  public synchronized void close() {
    closed = true;
    List<Map.Entry<String, Connect>> all = new ArrayList<>(connections.entrySet());
    connections.clear();
    for (Map.Entry<String, Connect> entry : all) {
      closeQuietly(entry.getKey(), entry.getValue());
    }
  }

  private static Connect open(String uri) {
    LibvirtEventLoop.ensureRunning();
    Connect connection;
    try {
      connection = new Connect(uri, false);
    } catch (LibvirtException e) {
      throw new LibvirtOperationException("connect to " + uri, e);
    }
    try {
      // Returns false for local drivers that have no keep-alive; that is fine.
      connection.setKeepAlive(KEEPALIVE_INTERVAL_SECONDS, KEEPALIVE_COUNT);
    } catch (LibvirtException e) {
      LOG.log(Level.DEBUG, "keep-alive unavailable for {0}: {1}", uri, e.getMessage());
    }
    return connection;
  }

  private static void closeQuietly(String uri, Connect connection) {
    try {
      connection.close();
    } catch (LibvirtException e) {
      // The connection is being discarded; a failure to close it cleanly changes nothing.
      LOG.log(Level.DEBUG, "closing libvirt connection to {0} failed: {1}", uri, e.getMessage());
    }
  }
}
