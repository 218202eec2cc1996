package dev.hangar.deployer.xml;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes an indented XML document (two spaces per level, no XML declaration) whose escaping is done
 * entirely by {@link XMLStreamWriter}.
 *
 * <p>Attributes are given as alternating name/value pairs; a pair whose value is {@code null} is
 * omitted, which keeps optional attributes out of the callers' control flow.
 */
public final class XmlBuilder {
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  private final StringWriter out = new StringWriter();
  private final XMLStreamWriter writer;
  private int depth;
  private boolean started;

  /** Starts an empty document. */
  public XmlBuilder() {
    try {
      this.writer = FACTORY.createXMLStreamWriter(out);
    } catch (XMLStreamException e) {
      throw new XmlWriteException("cannot create XML writer", e);
    }
  }

  /** Opens element {@code name}; it stays open until the matching {@link #end()}. */
  public XmlBuilder start(String name, String... attributes) {
    return guarded(
        () -> {
          indent();
          writer.writeStartElement(name);
          attributes(attributes);
          depth++;
        });
  }

  /** Writes {@code <name attrs/>}. */
  public XmlBuilder empty(String name, String... attributes) {
    return guarded(
        () -> {
          indent();
          writer.writeEmptyElement(name);
          attributes(attributes);
        });
  }

  /** Writes {@code <name attrs>text</name>} on one line. */
  public XmlBuilder text(String name, String text, String... attributes) {
    return guarded(
        () -> {
          indent();
          writer.writeStartElement(name);
          attributes(attributes);
          writer.writeCharacters(text);
          writer.writeEndElement();
        });
  }

  /** Closes the innermost open element. */
  public XmlBuilder end() {
    return guarded(
        () -> {
          depth--;
          indent();
          writer.writeEndElement();
        });
  }

  /** Finishes the document and returns it, terminated by a newline. */
  public String build() {
    guarded(
        () -> {
          if (depth != 0) {
            throw new IllegalStateException(depth + " element(s) still open");
          }
          writer.writeEndDocument();
          writer.flush();
          writer.close();
        });
    return out + "\n";
  }

  private void attributes(String[] pairs) throws XMLStreamException {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("attributes must be name/value pairs");
    }
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        writer.writeAttribute(pairs[i], pairs[i + 1]);
      }
    }
  }

  private void indent() throws XMLStreamException {
    // Whitespace is emitted as character data so the serializer, not this class, owns the output.
    if (started) {
      writer.writeCharacters("\n" + "  ".repeat(depth));
    }
    started = true;
  }

  private XmlBuilder guarded(XmlAction action) {
    try {
      action.run();
      return this;
    } catch (XMLStreamException e) {
      throw new XmlWriteException("cannot write XML", e);
    }
  }

  @FunctionalInterface
  private interface XmlAction {
    void run() throws XMLStreamException;
  }
}
