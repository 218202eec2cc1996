package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ParameterSchema schema(String json) throws Exception {
    return ParameterSchema.parse(JSON.readTree(json));
  }

  private final String db =
      """
      {"type": "object", "additionalProperties": false, "required": ["DB_PASSWORD", "PORT"],
       "properties": {
         "DB_PASSWORD": {"type": "string", "format": "password", "minLength": 8},
         "API_KEY": {"type": "string", "secret": true, "pattern": "^[a-f0-9]+$"},
         "PORT": {"type": "integer", "minimum": 1, "maximum": 65535},
         "MODE": {"enum": ["fast", "safe"]},
         "DEBUG": {"type": "boolean"}}}
      """;

  @Test
  void secretPropertiesAreMarkedBySecretOrPasswordFormat() throws Exception {
    assertEquals(Set.of("API_KEY", "DB_PASSWORD"), schema(db).secretNames());
  }

  @Test
  void validValuesPass() throws Exception {
    assertEquals(
        List.of(),
        schema(db)
            .validate(
                Map.of(
                    "DB_PASSWORD", "correct horse",
                    "PORT", "5432",
                    "MODE", "safe",
                    "DEBUG", "false",
                    "API_KEY", "beef")));
  }

  @Test
  void everyBadFieldIsReportedWithoutRepeatingItsValue() throws Exception {
    List<ParameterSchema.Violation> problems =
        schema(db)
            .validate(
                Map.of(
                    "DB_PASSWORD", "short",
                    "API_KEY", "NOT-HEX-s3cr3t",
                    "PORT", "70000",
                    "MODE", "wild",
                    "DEBUG", "yes",
                    "EXTRA", "x"));

    assertEquals(
        List.of(
            "parameters.API_KEY",
            "parameters.DB_PASSWORD",
            "parameters.DEBUG",
            "parameters.EXTRA",
            "parameters.MODE",
            "parameters.PORT"),
        problems.stream().map(ParameterSchema.Violation::field).toList());
    assertTrue(problems.stream().noneMatch(p -> p.message().contains("NOT-HEX-s3cr3t")));
    assertTrue(problems.stream().noneMatch(p -> p.message().contains("short")));
    assertEquals(
        List.of(new ParameterSchema.Violation("parameters.PORT", "is required")),
        schema(db).validate(Map.of("DB_PASSWORD", "long enough")));
  }

  @Test
  void anEmptySchemaAcceptsAnything() throws Exception {
    assertTrue(schema("{}").validate(Map.of("ANY", "thing")).isEmpty());
    assertFalse(schema("{}").secretNames().iterator().hasNext());
  }

  @Test
  void unusableSchemasAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> schema("{\"properties\": {\"A\": {\"type\": \"array\"}}}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> schema("{\"properties\": {\"A\": {\"pattern\": \"(\"}}}"));
  }

  @Test
  void defaultsFillOnlyWhatTheDeployerLeftOutAndSatisfyRequired() throws Exception {
    ParameterSchema s =
        schema(
            """
            {"required": ["BLANKSPACES"], "properties": {
               "BLANKSPACES": {"type": "string", "default": "/dev/vdc:/data:ext4"},
               "PORT": {"type": "integer", "default": 8080},
               "DEBUG": {"type": "boolean", "default": false},
               "NAME": {"type": "string"}}}
            """);
    assertEquals(
        Map.of("BLANKSPACES", "/dev/vdc:/data:ext4", "PORT", "8080", "DEBUG", "false"),
        s.withDefaults(Map.of()));
    assertEquals(
        Map.of("BLANKSPACES", "/dev/vdb:/srv", "PORT", "8080", "DEBUG", "false", "NAME", "n"),
        s.withDefaults(Map.of("BLANKSPACES", "/dev/vdb:/srv", "NAME", "n")));
    assertEquals(List.of(), s.validate(s.withDefaults(Map.of())));
    assertEquals(1, s.validate(Map.of()).size(), "without defaults the required one is missing");
  }

  @Test
  void aDefaultThatBreaksItsOwnPropertyIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                schema(
                    "{\"properties\": {\"PORT\": {\"type\": \"integer\", \"default\": \"x\"}}}"));
    assertEquals("contextSchema.properties.PORT.default must be an integer", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> schema("{\"properties\": {\"A\": {\"default\": [1]}}}"));
  }
}
