package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret values reach the seed but never the text of a request or spec. */
class SecretsTest {
  private static final String PASSWORD = "s3cr3t-pa55";

  private final SeedRequest request =
      Components.standard()
          .apply(
              SampleRequests.phoneHome()
                  .withParameter("READY_URL", "https://hangar.example/ready")
                  .withParameter("PLAIN", "visible-value"),
              List.of())
          .withSecretParameter("READY_TOKEN", new Secret("component-token-9"));

  @Test
  void requestToStringHidesSecretParametersButShowsOthers() {
    String text = request.toString();
    assertFalse(text.contains(PASSWORD), text);
    assertFalse(text.contains(SampleRequests.TOKEN), text);
    assertFalse(text.contains("component-token-9"), text);
    assertTrue(text.contains("visible-value"), text);
    assertTrue(text.contains("DB_PASSWORD=***"), text);
  }

  @Test
  void specsAndContextHideSecrets() {
    SeedRequest withCallback =
        Components.standard()
            .apply(request.withCloudConfig(CloudConfig.empty()), List.of("ready-callback"));
    for (Object shown :
        List.of(
            withCallback,
            withCallback.cloudConfig(),
            withCallback.cloudConfig().readyCallback().orElseThrow(),
            new ComponentContext(withCallback, "ready-callback"),
            new Secret(PASSWORD),
            FileSpec.text("/etc/app/password", PASSWORD))) {
      assertFalse(shown.toString().contains(PASSWORD), shown.toString());
      assertFalse(shown.toString().contains("component-token-9"), shown.toString());
    }
  }

  @Test
  void secretsStillReachTheSeed() {
    NoCloudSeed seed = new SeedGenerator().generate(request);
    assertTrue(seed.userData().contains("DB_PASSWORD=" + PASSWORD), seed.userData());
    assertTrue(seed.userData().contains("token=" + SampleRequests.TOKEN), seed.userData());
  }

  @Test
  void secretParametersSurviveTheFourArgumentRequest() {
    SeedRequest plain = new SeedRequest("i-1", "h", Map.of("K", "v"), List.of());
    assertFalse(plain.isSecret("K"));
    assertTrue(plain.withSecretParameter("K", new Secret("v2")).isSecret("K"));
  }
}
