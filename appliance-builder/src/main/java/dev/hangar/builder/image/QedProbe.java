package dev.hangar.builder.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises a QED header; QED is rejected outright because qemu deprecated it and it supports
 * backing files.
 */
final class QedProbe {
  static final int MAGIC = 0x00444551; // "QED\0" read little-endian

  private QedProbe() {}

  static Optional<Detection> probe(ImageSource src) throws IOException {
    ByteBuffer h = src.readFully(0, 64, ByteOrder.LITTLE_ENDIAN);
    if (h == null || h.getInt(0) != MAGIC) {
      return Optional.empty();
    }
    long imageSize = h.getLong(48);
    int backingOffset = h.getInt(56);
    return Optional.of(
        new Detection(
            ImageFormat.QED,
            imageSize,
            Map.of("qed.backing_filename_offset", Integer.toString(backingOffset)),
            List.of("qed: QED images are not accepted")));
  }
}
