package dev.hangar.builder.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Turns a safe uploaded image into a raw disk: inspects it first, cross-checks qemu-img's view of
 * it, then runs {@code qemu-img convert} with the detected format given explicitly and resource
 * limits applied; raw images are copied, an OVA's disk is taken from the archive first.
 */
public final class ImageConverter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FormatInspector inspector;

  /** Creates a converter that inspects with {@code inspector} and uses its limits. */
  public ImageConverter(FormatInspector inspector) {
    this.inspector = inspector;
  }

  /**
   * Converts {@code source}, claimed to be {@code claimed} (null: no claim), into the raw disk
   * {@code rawOut} and returns the inspection; throws {@link UnsafeImageException} before writing
   * anything if the image breaks a safety rule.
   */
  public InspectionResult convertToRaw(Path source, ImageFormat claimed, Path rawOut)
      throws IOException {
    InspectionResult result = inspector.requireSafe(source, claimed);
    if (result.format() == ImageFormat.OVA) {
      Path disk = rawOut.resolveSibling(rawOut.getFileName() + ".ova-disk");
      try {
        copyRange(
            source,
            Long.parseLong(result.details().get(OvaProbe.DISK_OFFSET)),
            Long.parseLong(result.details().get(OvaProbe.DISK_LENGTH)),
            disk);
        ImageFormat inner = ImageFormat.valueOf(result.details().get(OvaProbe.DISK_FORMAT));
        InspectionResult extracted = convertToRaw(disk, inner, rawOut);
        if (extracted.virtualSize() != result.virtualSize()) {
          throw new ImageImportException("OVA disk changed while it was extracted");
        }
      } finally {
        Files.deleteIfExists(disk);
      }
      return result;
    }
    if (!result.format().isContainer()) {
      Files.copy(source, rawOut, StandardCopyOption.REPLACE_EXISTING);
    } else {
      crossCheck(source, result);
      LimitedTool.run(
          List.of(
              "qemu-img",
              "convert",
              "-f",
              result.format().qemuDriver(),
              "-O",
              "raw",
              source.toString(),
              rawOut.toString()),
          inspector.limits());
    }
    long size = Files.size(rawOut);
    if (size != result.virtualSize()) {
      throw new ImageImportException(
          "converted image has " + size + " bytes, expected " + result.virtualSize());
    }
    return result;
  }

  /**
   * Runs {@code qemu-img info} on {@code image} as {@code format} (never probing) and returns the
   * virtual size it reports.
   */
  public long qemuVirtualSize(Path image, ImageFormat format) throws IOException {
    return info(image, format).path("virtual-size").asLong(-1);
  }

  private void crossCheck(Path source, InspectionResult result) throws IOException {
    JsonNode info = info(source, result.format());
    long size = info.path("virtual-size").asLong(-1);
    if (size != result.virtualSize()) {
      throw new UnsafeImageException(
          result.format(),
          List.of(
              "virtual_size: qemu-img reports "
                  + size
                  + " bytes, the header "
                  + result.virtualSize()));
    }
    if (info.hasNonNull("backing-filename")
        || info.path("format-specific").path("data").hasNonNull("data-file")) {
      throw new UnsafeImageException(
          result.format(), List.of("qemu-img: image refers to another file: " + info));
    }
  }

  private JsonNode info(Path image, ImageFormat format) throws IOException {
    if (format.qemuDriver() == null) {
      throw new IllegalArgumentException(format + " has no qemu-img driver");
    }
    String json =
        LimitedTool.run(
            List.of(
                "qemu-img", "info", "--output=json", "-f", format.qemuDriver(), image.toString()),
            inspector.limits());
    return JSON.readTree(json);
  }

  private static void copyRange(Path source, long offset, long length, Path out)
      throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel dst =
            FileChannel.open(
                out,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
      long done = 0;
      while (done < length) {
        long n = in.transferTo(offset + done, length - done, dst);
        if (n <= 0) {
          throw new IOException("archive ended inside its disk member");
        }
        done += n;
      }
    }
  }
}
