package dev.hangar.deployer.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads values out of the XML libvirt returns (domain, volume descriptions) with XPath; DTDs are
 * refused, so a hostile document cannot pull in external entities.
 *
 * <p>Parse once with {@link #parse} to read several values: the factories are looked up once per
 * thread (each lookup scans the class path for providers), and the document is parsed once.
 */
public final class LibvirtXml {
  private static final ThreadLocal<DocumentBuilderFactory> DOCUMENTS =
      ThreadLocal.withInitial(LibvirtXml::documentBuilderFactory);
  private static final ThreadLocal<XPath> XPATHS =
      ThreadLocal.withInitial(() -> XPathFactory.newInstance().newXPath());

  private final Document document;

  private LibvirtXml(Document document) {
    this.document = document;
  }

  /**
   * Parses {@code xml}.
   *
   * @throws LibvirtOperationException if it is not well-formed or declares a DTD
   */
  public static LibvirtXml parse(String xml) {
    try {
      return new LibvirtXml(
          DOCUMENTS.get().newDocumentBuilder().parse(new InputSource(new StringReader(xml))));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new LibvirtOperationException("libvirt returned unparseable XML", e);
    }
  }

  /** Trimmed text of every node {@code expression} selects, in document order. */
  public List<String> values(String expression) {
    try {
      NodeList nodes =
          (NodeList) XPATHS.get().evaluate(expression, document, XPathConstants.NODESET);
      List<String> values = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        values.add(nodes.item(i).getTextContent().trim());
      }
      return values;
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException("bad XPath expression " + expression, e);
    }
  }

  /** Trimmed string value of {@code expression}; empty when nothing matches. */
  public String string(String expression) {
    try {
      return XPATHS.get().evaluate(expression, document).trim();
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException("bad XPath expression " + expression, e);
    }
  }

  /** Trimmed text of every node {@code expression} selects in {@code xml}, in document order. */
  static List<String> values(String xml, String expression) {
    return parse(xml).values(expression);
  }

  /** Trimmed string value of {@code expression} in {@code xml}; empty when nothing matches. */
  static String string(String xml, String expression) {
    return parse(xml).string(expression);
  }

  private static DocumentBuilderFactory documentBuilderFactory() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser refuses secure processing", e);
    }
  }
}
