package dev.hangar.builder.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Recognises an ISO 9660 volume by its primary volume descriptor at 0x8000. */
final class IsoProbe {
  static final long DESCRIPTOR = 0x8000;
  static final byte[] STANDARD_ID = "CD001".getBytes(StandardCharsets.US_ASCII);

  private IsoProbe() {}

  static Optional<Detection> probe(ImageSource src) throws IOException {
    if (!src.matches(DESCRIPTOR + 1, STANDARD_ID)) {
      return Optional.empty();
    }
    String volumeId = new String(src.read(DESCRIPTOR + 40, 32), StandardCharsets.US_ASCII).trim();
    return Optional.of(
        new Detection(ImageFormat.ISO, src.size(), Map.of("iso.volume_id", volumeId), List.of()));
  }
}
