package dev.hangar.deployer.libvirt;

import static dev.hangar.deployer.libvirt.LibvirtCalls.call;
import static dev.hangar.deployer.libvirt.LibvirtCalls.run;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Defines, starts, inspects and removes persistent domains on one node.
 *
 * <p>Removal is idempotent: destroying a stopped domain or undefining a missing one succeeds.
 */
public final class VmLifecycle {
  // VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA: leave nothing
  // behind.
  private static final int UNDEFINE_FLAGS = 1 | 2;

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
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return XPathFactory.newInstance()
          .newXPath()
          .evaluate(
              "string(/domain/devices/serial[1]/log/@file)",
              factory.newDocumentBuilder().parse(new InputSource(new StringReader(domainXml))));
    } catch (ParserConfigurationException
        | SAXException
        | IOException
        | XPathExpressionException e) {
      throw new LibvirtOperationException("libvirt returned unparseable domain XML", e);
    }
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
