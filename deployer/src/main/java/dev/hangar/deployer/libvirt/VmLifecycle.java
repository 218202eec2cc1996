package dev.hangar.deployer.libvirt;

import static dev.hangar.deployer.libvirt.LibvirtCalls.call;
import static dev.hangar.deployer.libvirt.LibvirtCalls.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Defines, starts, inspects and removes persistent domains on one node.
 *
 * <p>Removal is idempotent: destroying a stopped domain or undefining a missing one succeeds.
 */
public final class VmLifecycle {
  // VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA: leave nothing
  // behind.
  private static final int UNDEFINE_FLAGS = 1 | 2;

  private static final Duration STOP_POLL = Duration.ofMillis(200);

  private final Connect connection;

  /** Operates on the node behind {@code connection}. */
  public VmLifecycle(Connect connection) {
    this.connection = connection;
  }

  /**
   * Defines a persistent domain from {@code domainXml} and starts it. If the start fails the
   * definition is removed again, so a failed call leaves no domain behind.
   */
  public void defineAndStart(String domainXml) {
    Domain domain = call("define domain", () -> connection.domainDefineXML(domainXml));
    String name = call("read domain name", domain::getName);
    try {
      run("start domain " + name, domain::create);
    } catch (LibvirtOperationException e) {
      try {
        domain.undefine(UNDEFINE_FLAGS);
      } catch (LibvirtException undefineFailure) {
        e.addSuppressed(undefineFailure);
      }
      throw e;
    }
  }

  /** True when a domain called {@code name} is defined. */
  public boolean exists(String name) {
    return lookup(name).isPresent();
  }

  /** Current state of domain {@code name}, or empty if it is not defined. */
  public Optional<VmState> state(String name) {
    return lookup(name)
        .map(domain -> VmState.of(call("read state of " + name, domain::getInfo).state));
  }

  /**
   * Asks the guest of domain {@code name} to shut down (ACPI power button) and waits up to {@code
   * grace} for it to power off; a guest still running then is powered off hard. A domain that is
   * not running is left as it is.
   *
   * @return true when the guest shut down by itself (or was not running), false when forced
   * @throws LibvirtOperationException if the domain is not defined or libvirt fails
   */
  public boolean stop(String name, Duration grace) throws InterruptedException {
    Domain domain = require(name);
    if (!isActive(domain, name)) {
      return true;
    }
    try {
      domain.shutdown();
    } catch (LibvirtException e) {
      if (!LibvirtErrors.isNotRunning(e)) {
        throw new LibvirtOperationException("shut down domain " + name, e);
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isActive(domain, name)) {
        return true;
      }
      Thread.sleep(STOP_POLL.toMillis());
    }
    try {
      domain.destroy();
    } catch (LibvirtException e) {
      if (!LibvirtErrors.isNotRunning(e)) {
        throw new LibvirtOperationException("power off domain " + name, e);
      }
    }
    return false;
  }

  /**
   * Starts defined domain {@code name}; starting one that is already running is a no-op.
   *
   * @throws LibvirtOperationException if the domain is not defined or does not start
   */
  public void start(String name) {
    Domain domain = require(name);
    if (!isActive(domain, name)) {
      run("start domain " + name, domain::create);
    }
  }

  private static boolean isActive(Domain domain, String name) {
    return call("query domain " + name, domain::isActive) == 1;
  }

  private Domain require(String name) {
    return lookup(name)
        .orElseThrow(() -> new LibvirtOperationException("domain " + name + " is not defined"));
  }

  /** Stops domain {@code name} hard if running, then undefines it; a missing domain is fine. */
  public void destroyAndUndefine(String name) {
    Optional<Domain> found = lookup(name);
    if (found.isEmpty()) {
      return;
    }
    Domain domain = found.get();
    try {
      domain.destroy();
    } catch (LibvirtException e) {
      if (!LibvirtErrors.isNotRunning(e) && !LibvirtErrors.isNotFound(e)) {
        throw new LibvirtOperationException("destroy domain " + name, e);
      }
    }
    try {
      domain.undefine(UNDEFINE_FLAGS);
    } catch (LibvirtException e) {
      if (!LibvirtErrors.isNotFound(e)) {
        throw new LibvirtOperationException("undefine domain " + name, e);
      }
    }
  }

  /**
   * Node path of the serial console log declared by domain {@code name}, or empty if the domain is
   * not defined or has no serial log.
   */
  public Optional<Path> consoleLogPath(String name) {
    return lookup(name)
        .flatMap(
            domain -> {
              String xml = call("read XML of " + name, () -> domain.getXMLDesc(0));
              String file = serialLogFile(xml);
              return file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
            });
  }

  /**
   * Current content of domain {@code name}'s serial console log, or empty if there is no domain, no
   * log, or the log has not been written yet. The log is read from the local file system, so this
   * works only when the node is this host.
   */
  public Optional<String> consoleLog(String name) {
    return consoleLogPath(name).flatMap(VmLifecycle::readIfPresent);
  }

  static Optional<String> readIfPresent(Path file) {
    try {
      // Console output may contain arbitrary bytes; ISO-8859-1 maps every byte to one char.
      return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console log " + file, e);
    }
  }

  private static String serialLogFile(String domainXml) {
    return LibvirtXml.string(domainXml, "string(/domain/devices/serial[1]/log/@file)");
  }

  private Optional<Domain> lookup(String name) {
    try {
      return Optional.of(connection.domainLookupByName(name));
    } catch (LibvirtException e) {
      if (LibvirtErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw new LibvirtOperationException("look up domain " + name, e);
    }
  }
}
