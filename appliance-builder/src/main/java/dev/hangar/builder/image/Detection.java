package dev.hangar.builder.image;

import java.util.List;
import java.util.Map;

/** One format probe's verdict that the bytes are {@code format}, with what its header says. */
record Detection(
    ImageFormat format, long virtualSize, Map<String, String> details, List<String> problems) {

  Detection {
    details = Map.copyOf(details);
    problems = List.copyOf(problems);
  }
}
