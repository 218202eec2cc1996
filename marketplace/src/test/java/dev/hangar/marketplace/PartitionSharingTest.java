package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static dev.hangar.marketplace.TestApi.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog shows which partitions are the same bytes as other appliances' partitions. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class PartitionSharingTest {

  @Test
  void namesOtherVisibleAppliancesAndVersionsWithTheSameRootButHidesPrivateOnes() {
    String acme = TestApi.unique("acme");
    String acmeToken = TestApi.publisherToken(acme);
    String other = TestApi.unique("other");
    String otherToken = TestApi.publisherToken(other);
    byte[] root = bytes("shared base root " + acme);

    String first =
        TestApi.publishedAppliance(
            acmeToken, acme, Map.of(), bytes("kernel 1 " + acme), bytes("initrd"), root);
    String second =
        TestApi.publishedAppliance(
            acmeToken, acme, Map.of(), bytes("kernel 2 " + acme), bytes("initrd"), root);
    String hidden =
        TestApi.publishedAppliance(
            otherToken,
            other,
            Map.of("visibility", "PRIVATE"),
            bytes("kernel 3 " + acme),
            bytes("initrd"),
            root);
    String unrelated =
        TestApi.publishedAppliance(
            acmeToken,
            acme,
            Map.of(),
            bytes("kernel 4 " + acme),
            bytes("initrd"),
            bytes("a root of its own " + acme));

    String consumer = TestApi.userToken("consumer", null);
    assertEquals(
        List.of(name(acmeToken, second)), otherAppliances(consumer, first), "private one hidden");
    assertEquals(
        List.of(name(acmeToken, second), name(otherToken, hidden)).stream().sorted().toList(),
        otherAppliances(otherToken, first),
        "its publisher sees the private appliance");
    assertEquals(List.of(), otherAppliances(consumer, unrelated));

    as(consumer)
        .get("/api/v1/appliances/" + first + "/versions/9.9.9/sharing")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as(consumer)
        .get("/api/v1/appliances/" + hidden + "/versions/1.0.0/sharing")
        .then()
        .statusCode(404);
  }

  private static List<String> otherAppliances(String token, String appliance) {
    JsonPath sharing =
        as(token)
            .get("/api/v1/appliances/" + appliance + "/versions/1.0.0/sharing")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals("root", sharing.getString("[0].label"));
    return sharing.getList("[0].otherAppliances", String.class);
  }

  private static String name(String token, String appliance) {
    JsonPath a = as(token).get("/api/v1/appliances/" + appliance).then().extract().jsonPath();
    return a.getString("publisher") + "/" + a.getString("name");
  }
}
