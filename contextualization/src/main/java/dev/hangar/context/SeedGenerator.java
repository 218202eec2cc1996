package dev.hangar.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a {@link SeedRequest} into NoCloud documents; YAML is produced by a serializer, so values
 * are quoted and escaped by it and never spliced into text.
 */
public final class SeedGenerator {
  /** Where the guest finds the appliance's context parameters, one {@code NAME=value} per line. */
  public static final String PARAMETERS_PATH = "/etc/hangar/parameters";

  private final ObjectMapper yaml =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  /** Returns the seed documents for {@code request}; deterministic for equal requests. */
  public NoCloudSeed generate(SeedRequest request) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("instance-id", request.instanceId());
    meta.put("local-hostname", request.hostname());

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("hostname", request.hostname());
    if (!request.sshAuthorizedKeys().isEmpty()) {
      config.put("ssh_authorized_keys", request.sshAuthorizedKeys());
    }
    List<Map<String, Object>> files = new ArrayList<>();
    files.add(
        Map.of("path", PARAMETERS_PATH, "permissions", "0600", "content", parametersFile(request)));
    config.put("write_files", files);
    return new NoCloudSeed(write(meta), "#cloud-config\n" + write(config), Optional.empty());
  }

  private static String parametersFile(SeedRequest request) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(request.parameters())
        .forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
    return out.toString();
  }

  private String write(Object document) {
    try {
      return yaml.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialise seed document", e);
    }
  }
}
