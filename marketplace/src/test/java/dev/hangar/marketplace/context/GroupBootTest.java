package dev.hangar.marketplace.context;

import static dev.hangar.marketplace.LibvirtTests.virsh;
import static dev.hangar.marketplace.TestApi.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.publish.PublishClient;
import dev.hangar.marketplace.LibvirtTests;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-role group of the {@code hello} sample on the real libvirtd: each domain carries its
 * NoCloud-net seed URL in its SMBIOS serial, the URL's token serves that VM's seed, both VMs reach
 * READY, and destroying the group revokes the tokens. The VMs exchange addresses and SSH host keys
 * through the broker: the key each VM printed on its console is what the broker holds for it and
 * what the other VM wrote to its known_hosts.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class GroupBootTest {
  private static final Pattern HOSTKEY =
      Pattern.compile("^HANGAR-HOSTKEY (ssh-ed25519 [A-Za-z0-9+/]{68})\r?$", Pattern.MULTILINE);
  private static final Pattern SERIAL =
      Pattern.compile(
          "<entry name=['\"]serial['\"]>ds=nocloud-net;s=http://10\\.0\\.2\\.2:(\\d+)/api/v1/nocloud/(hnc_[A-Za-z0-9_-]{43})/</entry>");

  @TestHTTPResource("/api/v1")
  URI api;

  @TempDir Path work;

  private String consumer;
  private String group;

  @AfterEach
  void destroyGroup() throws InterruptedException {
    if (group != null) {
      JsonPath g =
          as(consumer).delete("/api/v1/deployment-groups/" + group).then().extract().jsonPath();
      for (String vm : g.<String>getList("members.deployment")) {
        await(vm, "DESTROYED", Duration.ofMinutes(1));
      }
    }
  }

  @Test
  void twoRolesBootWithNoCloudNetSerialsReachReadyAndExchangeThroughTheBroker() throws Exception {
    BuiltAppliance built =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Path.of("..", "samples", "hello", "recipe.yaml"), work.resolve("hello"));
    String publisher = TestApi.unique("grouped");
    String publisherToken = TestApi.publisherToken(publisher);
    PublishClient.Published published =
        new PublishClient(api, publisherToken).publish(publisher, built);
    consumer = TestApi.userToken("consumer", null);
    String appliance = published.applianceId().toString();

    JsonPath created =
        as(consumer)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "pair",
                    "roles",
                    List.of(
                        Map.of(
                            "name",
                            "head",
                            "applianceId",
                            appliance,
                            "requires",
                            List.of("worker")),
                        Map.of(
                            "name",
                            "worker",
                            "applianceId",
                            appliance,
                            "requires",
                            List.of("head")))))
            .post("/api/v1/deployment-groups")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath();
    group = created.getString("id");
    List<String> vms = created.getList("members.deployment");

    List<String> tokens = new java.util.ArrayList<>();
    List<String> consoles = new java.util.ArrayList<>();
    for (String vm : vms) {
      JsonPath ready = await(vm, "READY", Duration.ofMinutes(6));
      consoles.add(
          as(consumer)
              .get("/api/v1/deployments/" + vm + "/console?lines=1000")
              .then()
              .statusCode(200)
              .extract()
              .asString());
      String xml = virsh("dumpxml", ready.getString("domain"));
      assertTrue(
          xml.contains("<smbios mode=\"sysinfo\"/>") || xml.contains("<smbios mode='sysinfo'/>"),
          xml);
      Matcher serial = SERIAL.matcher(xml);
      assertTrue(serial.find(), "the domain's SMBIOS serial names its NoCloud-net seed: " + xml);
      assertEquals(api.getPort(), Integer.parseInt(serial.group(1)));
      tokens.add(serial.group(2));
      // What the guest fetches at 10.0.2.2 is this service on the host's loopback.
      given()
          .get("/api/v1/nocloud/" + serial.group(2) + "/meta-data")
          .then()
          .statusCode(200)
          .body(
              org.hamcrest.Matchers.containsString(
                  "instance-id: " + ready.getString("instanceId")));
    }

    JsonPath g = as(consumer).get("/api/v1/deployment-groups/" + group).then().extract().jsonPath();
    as(consumer).delete("/api/v1/deployment-groups/" + group).then().statusCode(202);
    for (String vm : vms) {
      await(vm, "DESTROYED", Duration.ofMinutes(1));
    }
    group = null;
    for (String token : tokens) {
      given().get("/api/v1/nocloud/" + token + "/meta-data").then().statusCode(404);
    }

    for (int i = 0; i < 2; i++) {
      String member = "members.find { it.deployment == '" + vms.get(i) + "' }";
      assertEquals("READY", g.getString(member + ".reported"), g.prettify());
      String address = g.getString(member + ".provided.address");
      assertTrue(address.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), g.prettify());
      // Each VM's host key, as its console shows it, reached the broker...
      Matcher printed = HOSTKEY.matcher(consoles.get(i));
      assertTrue(printed.find(), "no HANGAR-HOSTKEY line on the console of " + vms.get(i));
      String hostKey = printed.group(1);
      assertEquals(hostKey, g.getString(member + ".provided.ssh-host-key"), g.prettify());
      // ... and the other VM's known_hosts, under this VM's host name and address.
      String knownHost =
          "HANGAR-CHECK known-host "
              + g.getString(member + ".hostname")
              + ","
              + address
              + " "
              + hostKey;
      String other = consoles.get(1 - i);
      assertTrue(
          other.lines().map(String::strip).anyMatch(knownHost::equals),
          "the console of " + vms.get(1 - i) + " lacks '" + knownHost + "':\n" + other);
    }
  }

  private JsonPath await(String id, String wanted, Duration timeout) throws InterruptedException {
    return LibvirtTests.awaitState(consumer, id, wanted, timeout);
  }
}
