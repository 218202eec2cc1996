package dev.hangar.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * Writes seed documents as YAML that cloud-init's YAML 1.1 parser (PyYAML) reads back as the same
 * strings. Thread-safe.
 */
final class SeedYaml {
  private final ObjectMapper mapper =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .stringQuotingChecker(new Yaml11Quoting())
              .build());

  String write(Object document) {
    try {
      return mapper.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialise seed document", e);
    }
  }

  /**
   * Also quotes plain scalars that YAML 1.1, unlike 1.2, resolves to non-strings: sexagesimal
   * numbers such as the MAC {@code 52:54:00:00:00:07}, timestamps, and numbers with '_'. Every
   * value starting like a number is quoted; over-quoting is harmless.
   */
  private static final class Yaml11Quoting extends StringQuotingChecker.Default {
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+.]?[0-9].*", Pattern.DOTALL);

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
    }
  }
}
