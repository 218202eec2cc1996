package dev.hangar.marketplace;

import static dev.hangar.marketplace.TestApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Appliance logos (type-checked by their bytes, size-limited) and safely rendered descriptions. */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class LogoAndDescriptionTest {

  private static byte[] png(int size) throws IOException {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    java.util.Random noise = new java.util.Random(size);
    for (int x = 0; x < size; x++) {
      for (int y = 0; y < size; y++) {
        img.setRGB(x, y, noise.nextInt());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static String appliance(String token, String publisher, String visibility) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "publisher",
                publisher,
                "name",
                TestApi.unique("logo"),
                "summary",
                "with a logo",
                "visibility",
                visibility,
                "description",
                "# Web\n\n**fast** server <script>alert(1)</script>\n\n"
                    + "[docs](https://example.org/docs) [bad](javascript:alert(1))"
                    + " <img src=x onerror=alert(2)>"))
        .post("/api/v1/appliances")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void descriptionIsRenderedWithoutScriptOrUnsafeLinks() {
    String publisher = TestApi.unique("md");
    String id = appliance(TestApi.publisherToken(publisher), publisher, "PUBLIC");
    TestApi.as(null)
        .get("/api/v1/appliances/" + id)
        .then()
        .statusCode(200)
        .body("description", containsString("<script>"))
        .body("descriptionHtml", containsString("<h1>Web</h1>"))
        .body("descriptionHtml", containsString("<strong>fast</strong>"))
        .body("descriptionHtml", containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
        .body("descriptionHtml", containsString("href=\"https://example.org/docs\">docs</a>"))
        .body("descriptionHtml", not(containsString("javascript:")))
        .body("descriptionHtml", not(containsString("<img")))
        .body("descriptionHtml", not(containsString("<script")))
        .body("logo", nullValue());
  }

  @Test
  void publisherUploadsAPngOthersFetchItWhenTheyMaySeeTheAppliance() throws IOException {
    String publisher = TestApi.unique("logo");
    String token = TestApi.publisherToken(publisher);
    String id = appliance(token, publisher, "PUBLIC");
    byte[] logo = png(64);
    // The Content-Type the client sends does not matter; the bytes do.
    as(token)
        .contentType("application/octet-stream")
        .body(logo)
        .put("/api/v1/appliances/" + id + "/logo")
        .then()
        .statusCode(204);
    String url =
        as(null)
            .get("/api/v1/appliances/" + id)
            .then()
            .body("logo", startsWith("/api/v1/appliances/" + id + "/logo?v="))
            .extract()
            .path("logo");
    byte[] served =
        as(null)
            .get(url)
            .then()
            .statusCode(200)
            .contentType("image/png")
            .header("X-Content-Type-Options", "nosniff")
            .extract()
            .asByteArray();
    assertArrayEquals(logo, served);
    String etag = as(null).get(url).then().extract().header("ETag");
    as(null).header("If-None-Match", etag).get(url).then().statusCode(304);

    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    for (byte[] bad : new byte[][] {svg.getBytes(), "GIF? no, text".getBytes()}) {
      as(token)
          .contentType("image/png")
          .body(bad)
          .put("/api/v1/appliances/" + id + "/logo")
          .then()
          .statusCode(415)
          .contentType("application/problem+json")
          .body("errors.field", hasItem("body"));
    }
    as(token)
        .contentType("image/png")
        .body(png(700)) // well over the 256 KiB limit: noise does not compress
        .put("/api/v1/appliances/" + id + "/logo")
        .then()
        .statusCode(413);
    // The refused uploads left the logo as it was.
    assertArrayEquals(logo, as(null).get(url).then().statusCode(200).extract().asByteArray());

    String stranger = TestApi.publisherToken(TestApi.unique("stranger"));
    as(stranger)
        .contentType("image/png")
        .body(logo)
        .put("/api/v1/appliances/" + id + "/logo")
        .then()
        .statusCode(403);

    as(token).delete("/api/v1/appliances/" + id + "/logo").then().statusCode(204);
    as(null).get("/api/v1/appliances/" + id + "/logo").then().statusCode(404);
  }

  @Test
  void logoOfAPrivateApplianceIsInvisibleToOthers() throws IOException {
    String publisher = TestApi.unique("plogo");
    String token = TestApi.publisherToken(publisher);
    String id = appliance(token, publisher, "PRIVATE");
    as(token)
        .contentType("image/png")
        .body(png(16))
        .put("/api/v1/appliances/" + id + "/logo")
        .then()
        .statusCode(204);
    as(token).get("/api/v1/appliances/" + id + "/logo").then().statusCode(200);
    as(null).get("/api/v1/appliances/" + id + "/logo").then().statusCode(404);
    as(TestApi.publisherToken(TestApi.unique("other")))
        .get("/api/v1/appliances/" + id + "/logo")
        .then()
        .statusCode(404)
        .body("status", equalTo(404));
  }
}
