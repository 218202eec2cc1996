package dev.hangar.deployer.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
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
 */
final class LibvirtXml {
  private LibvirtXml() {}

  /** Trimmed text of every node {@code expression} selects in {@code xml}, in document order. */
  static List<String> values(String xml, String expression) {
    try {
      NodeList nodes =
          (NodeList)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate(expression, parse(xml), XPathConstants.NODESET);
      List<String> values = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        values.add(nodes.item(i).getTextContent().trim());
      }
      return values;
    } catch (XPathExpressionException e) {
      throw new LibvirtOperationException("libvirt returned unparseable XML", e);
    }
  }

  /** Trimmed string value of {@code expression} in {@code xml}; empty when nothing matches. */
  static String string(String xml, String expression) {
    try {
      return XPathFactory.newInstance().newXPath().evaluate(expression, parse(xml)).trim();
    } catch (XPathExpressionException e) {
      throw new LibvirtOperationException("libvirt returned unparseable XML", e);
    }
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new LibvirtOperationException("libvirt returned unparseable XML", e);
    }
  }
}
