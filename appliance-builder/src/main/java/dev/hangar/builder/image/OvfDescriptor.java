package dev.hangar.builder.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The disk references of an OVF envelope: each {@code DiskSection/Disk} resolved through its {@code
 * fileRef} to the {@code References/File} it names. Parsed with DTDs and external entities
 * disabled.
 */
final class OvfDescriptor {

  /** A virtual disk the OVF declares, with the archive member that holds it. */
  record Disk(String diskId, String href, String compression) {}

  private OvfDescriptor() {}

  /** Parses the disks of an OVF document, or throws {@link ImageImportException} if invalid. */
  static List<Disk> disks(byte[] xml) throws IOException {
    Document doc = parse(xml);
    Map<String, Element> files = new HashMap<>();
    NodeList fileNodes = doc.getElementsByTagNameNS("*", "File");
    for (int i = 0; i < fileNodes.getLength(); i++) {
      Element f = (Element) fileNodes.item(i);
      files.put(attribute(f, "id"), f);
    }
    List<Disk> disks = new ArrayList<>();
    NodeList diskNodes = doc.getElementsByTagNameNS("*", "Disk");
    for (int i = 0; i < diskNodes.getLength(); i++) {
      Element d = (Element) diskNodes.item(i);
      if (!"DiskSection".equals(((Element) d.getParentNode()).getLocalName())) {
        continue;
      }
      Element file = files.get(attribute(d, "fileRef"));
      String href = file == null ? "" : attribute(file, "href");
      String compression = file == null ? "" : attribute(file, "compression");
      disks.add(new Disk(attribute(d, "diskId"), href, compression));
    }
    return disks;
  }

  /** Returns the attribute whose local name is {@code name} in any namespace, or "". */
  private static String attribute(Element e, String name) {
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      String local = attrs.item(i).getLocalName();
      if (name.equals(local == null ? attrs.item(i).getNodeName() : local)) {
        return attrs.item(i).getNodeValue();
      }
    }
    return "";
  }

  private static Document parse(byte[] xml) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException | SAXException e) {
      throw new ImageImportException("invalid OVF descriptor: " + e.getMessage(), e);
    }
  }
}
