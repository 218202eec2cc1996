package dev.hangar.builder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A built appliance: its descriptor and the directory holding the files the descriptor names. */
public record BuiltAppliance(ApplianceDescriptor descriptor, Path outDir) {
  /** Name of the descriptor file inside the appliance directory. */
  public static final String DESCRIPTOR_FILE = "appliance.json";

  /**
   * Name of the build-provenance statement (in-toto Statement v1, canonical JSON, unsigned) inside
   * the appliance directory; {@code hangar sign} signs it.
   */
  public static final String PROVENANCE_FILE = "provenance.json";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Reads the appliance described by {@code outDir/appliance.json}. */
  public static BuiltAppliance read(Path outDir) {
    Path file = outDir.resolve(DESCRIPTOR_FILE);
    try {
      return new BuiltAppliance(JSON.readValue(file.toFile(), ApplianceDescriptor.class), outDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read appliance descriptor " + file, e);
    }
  }

  /** Writes the descriptor to {@code outDir/appliance.json}, replacing any previous one. */
  void writeDescriptor() {
    try {
      Files.writeString(
          outDir.resolve(DESCRIPTOR_FILE), JSON.writeValueAsString(descriptor) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + outDir.resolve(DESCRIPTOR_FILE), e);
    }
  }

  /** Returns the build-provenance statement file (absent for appliances built before it). */
  public Path provenanceFile() {
    return outDir.resolve(PROVENANCE_FILE);
  }

  /** Returns the kernel image file. */
  public Path kernelFile() {
    return outDir.resolve(descriptor.kernel().file());
  }

  /** Returns the initramfs file. */
  public Path initrdFile() {
    return outDir.resolve(descriptor.initrd().file());
  }

  /** Returns the image file of the partition labelled {@code label}; fails if it has none. */
  public Path partitionFile(String label) {
    return descriptor.partitions().stream()
        .filter(p -> p.label().equals(label) && p.file() != null)
        .map(p -> outDir.resolve(p.file()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("appliance has no image for partition " + label));
  }
}
