package dev.hangar.deployer.domain;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Chooses the domain type for a node: {@link DomainType#KVM} only if the KVM device opens
 * read-write, the node's libvirt capabilities offer a {@code kvm} guest domain type <em>and</em>,
 * on x86, the host CPU libvirt reports has hardware virtualisation ({@code vmx} or {@code svm});
 * otherwise {@link DomainType#QEMU} (TCG emulation).
 *
 * <p>All three are needed: {@code /dev/kvm} can exist without being usable (permissions), libvirt
 * may advertise kvm from a stale probe, and inside a VM without nested virtualisation both the
 * device and libvirt's kvm domain type can be present while a KVM guest never runs a single
 * instruction (seen on the CI machines: the guest hangs silently).
 */
public final class KvmDetector {
  /** The standard KVM device. */
  public static final Path DEV_KVM = Path.of("/dev/kvm");

  private final Path kvmDevice;

  /** Uses {@code kvmDevice} (normally {@link #DEV_KVM}) for the device check. */
  public KvmDetector(Path kvmDevice) {
    this.kvmDevice = kvmDevice;
  }

  /** Returns the usable domain type given the node's capabilities XML. */
  public DomainType detect(String capabilitiesXml) {
    return deviceOpensReadWrite()
            && count(capabilitiesXml, "/capabilities/guest/arch/domain[@type='kvm']") > 0
            && hostCpuVirtualises(capabilitiesXml)
        ? DomainType.KVM
        : DomainType.QEMU;
  }

  boolean deviceOpensReadWrite() {
    try (FileChannel ignored =
        FileChannel.open(kvmDevice, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** False only for an x86 host CPU that lacks both Intel VT-x and AMD-V. */
  static boolean hostCpuVirtualises(String capabilitiesXml) {
    boolean x86 =
        count(capabilitiesXml, "/capabilities/host/cpu/arch[text()='x86_64' or text()='i686']") > 0;
    return !x86
        || count(capabilitiesXml, "/capabilities/host/cpu/feature[@name='vmx' or @name='svm']") > 0;
  }

  private static double count(String capabilitiesXml, String xpath) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc =
          factory.newDocumentBuilder().parse(new InputSource(new StringReader(capabilitiesXml)));
      Double count =
          (Double)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate("count(" + xpath + ")", doc, XPathConstants.NUMBER);
      return count;
    } catch (ParserConfigurationException
        | SAXException
        | IOException
        | XPathExpressionException e) {
      throw new IllegalArgumentException("unparseable libvirt capabilities", e);
    }
  }
}
