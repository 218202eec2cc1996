/**
 * Minimal XML emission for libvirt documents.
 *
 * <p>An <em>element</em> here is written through {@link javax.xml.stream.XMLStreamWriter}, so every
 * text node and attribute value is escaped by the serializer; callers never concatenate markup.
 */
package dev.hangar.deployer.xml;
