package dev.hangar.deployer.pool;

import dev.hangar.deployer.libvirt.LibvirtOperationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.libvirt.Connect;
import org.libvirt.Error;
import org.libvirt.Error.ErrorDomain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.libvirt.StoragePool;
import org.libvirt.StoragePoolInfo;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Discovers a node's {@link NodeCapacity} through libvirt: {@code virNodeGetInfo} for CPUs and
 * memory, {@code virNodeGetFreeMemory}, the capabilities XML for guest architectures and domain
 * types, and the storage pool list with each pool's sizes.
 *
 * <p>libvirt's test driver (simulated nodes, {@code test:///path/node.xml}) always offers i686
 * guests only, whatever the file says; so that simulated nodes can stand in for hosts of other
 * architectures, a {@code test:} node also offers the architecture its XML names as CPU model
 * ({@code <cpu><model>x86_64</model>}). Real drivers are taken at their word.
 */
public final class NodeProbe {
  private static final java.util.regex.Pattern SIMULATED_ARCH =
      java.util.regex.Pattern.compile("x86_64|aarch64|i686|ppc64le|s390x|armv7l|riscv64");

  /**
   * Probes the node behind {@code connection}.
   *
   * @throws LibvirtOperationException if libvirt fails to answer or returns unparseable XML
   */
  public NodeCapacity probe(Connect connection) {
    try {
      NodeInfo info = connection.nodeInfo();
      long freeBytes = freeMemory(connection);
      Document caps = parse(connection.getCapabilities());
      XPath xpath = XPathFactory.newInstance().newXPath();
      Set<String> arches = strings(xpath, caps, "/capabilities/guest/arch/@name");
      if (connection.getURI().startsWith("test:") && SIMULATED_ARCH.matcher(info.model).matches()) {
        arches.add(info.model);
      }
      Set<String> types = strings(xpath, caps, "/capabilities/guest/arch/domain/@type");
      // virNodeInfo.memory is in KiB.
      return new NodeCapacity(
          info.cpus, info.memory * 1024, freeBytes, arches, types, storagePools(connection));
    } catch (LibvirtException e) {
      throw new LibvirtOperationException("probe node", e);
    }
  }

  /**
   * The host UUID libvirt reports in its capabilities ({@code /capabilities/host/uuid}); two
   * connections with the same one reach the same host. Empty where the driver reports none (the
   * test driver).
   *
   * @throws LibvirtOperationException if libvirt fails to answer or returns unparseable XML
   */
  public static Optional<String> hostUuid(Connect connection) {
    try {
      Document caps = parse(connection.getCapabilities());
      String uuid = XPathFactory.newInstance().newXPath().evaluate("/capabilities/host/uuid", caps);
      return uuid.isBlank() ? Optional.empty() : Optional.of(uuid.trim());
    } catch (LibvirtException e) {
      throw new LibvirtOperationException("read host capabilities", e);
    } catch (XPathExpressionException e) {
      throw new IllegalStateException("constant XPath expression", e);
    }
  }

  private static long freeMemory(Connect connection) throws LibvirtException {
    // virNodeGetFreeMemory returns 0 both for "0 bytes free" and for failure, and libvirt-java
    // throws on 0. A real failure carries a driver error; "0 free" (the test driver without NUMA
    // cells) surfaces as libvirt's generic "cause unknown" error from no domain. Drivers that do
    // not implement the call (ESX among them) report NO_SUPPORT: capacity is still known from
    // nodeInfo, so both mean 0 here.
    try {
      return connection.getFreeMemory();
    } catch (LibvirtException e) {
      Error error = e.getError();
      boolean noErrorSet =
          error == null
              || (error.getDomain() == ErrorDomain.VIR_FROM_NONE
                  && error.getCode() == ErrorNumber.VIR_ERR_INTERNAL_ERROR);
      if (noErrorSet || error.getCode() == ErrorNumber.VIR_ERR_NO_SUPPORT) {
        return 0;
      }
      throw e;
    }
  }

  private static List<StoragePoolCapacity> storagePools(Connect connection)
      throws LibvirtException {
    List<StoragePoolCapacity> pools = new ArrayList<>();
    for (String name : new TreeSet<>(List.of(connection.listStoragePools()))) {
      StoragePool pool = connection.storagePoolLookupByName(name);
      try {
        StoragePoolInfo info = pool.getInfo();
        pools.add(new StoragePoolCapacity(name, true, info.capacity, info.available));
      } finally {
        pool.free();
      }
    }
    for (String name : new TreeSet<>(List.of(connection.listDefinedStoragePools()))) {
      pools.add(new StoragePoolCapacity(name, false, 0, 0));
    }
    return pools;
  }

  private static Set<String> strings(XPath xpath, Document doc, String expression) {
    try {
      NodeList nodes = (NodeList) xpath.evaluate(expression, doc, XPathConstants.NODESET);
      Set<String> values = new TreeSet<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        values.add(nodes.item(i).getNodeValue());
      }
      return values;
    } catch (XPathExpressionException e) {
      throw new IllegalStateException("invalid built-in XPath " + expression, e);
    }
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new LibvirtOperationException("libvirt returned unparseable capabilities", e);
    }
  }
}
