package dev.hangar.marketplace.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hangar.builder.ApplianceBuilder;
import dev.hangar.builder.BuilderConfig;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.publish.PublishClient;
import dev.hangar.deployer.libvirt.LibvirtConnections;
import dev.hangar.deployer.libvirt.NodeImageCache;
import dev.hangar.marketplace.S3ProxyResource;
import dev.hangar.marketplace.TestApi;
import dev.hangar.marketplace.TestApi.User;
import dev.hangar.marketplace.config.HangarConfig;
import dev.hangar.store.trust.KeyPairs;
import dev.hangar.store.trust.Pem;
import dev.hangar.store.trust.SignatureAlgorithm;
import dev.hangar.store.trust.SigningKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web marketplace in a real browser against the running service: a consumer finds the {@code
 * hello} sample, deploys it to READY on the local libvirtd and destroys it; a publisher retires a
 * version; the admin reads the audit log; an operator sees the VMM pool and drains a node. Each
 * page is saved to {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class MarketplaceUiTest {
  private static final long BOOT_SECONDS = 240;

  /** States on the way to READY; STOPPED only until the page shows the answer to "Start". */
  private static final Set<String> MOVING =
      Set.of("PENDING", "STAGING", "BOOTING", "STOPPED", "STARTING");

  @TestHTTPResource("/")
  URI base;

  @TestHTTPResource("/api/v1")
  URI api;

  @TempDir Path work;

  @Inject LibvirtConnections connections;
  @Inject HangarConfig config;

  private Browser browser;
  private String deployment;
  private User consumer;

  @BeforeEach
  void openBrowser() throws IOException {
    browser = Browser.start();
  }

  /** Keeps the last page and the console for diagnosis, and never leaves a VM running. */
  @AfterEach
  void closeBrowser(TestInfo test) throws IOException, InterruptedException {
    try {
      String name = test.getTestMethod().orElseThrow().getName();
      browser.screenshot("last-" + name);
      Files.writeString(
          Browser.SCREENSHOTS.resolve("last-" + name + "-console.log"), browser.consoleLog());
    } finally {
      browser.close();
      if (deployment != null) {
        TestApi.as(consumer.token()).delete("/api/v1/deployments/" + deployment);
        awaitDestroyedThroughApi();
      }
    }
  }

  @Test
  void consumerFindsHelloDeploysItToReadyAndDestroysIt() throws Exception {
    String publisher = TestApi.unique("ui");
    TestApi.createPublisher(publisher);
    User publisherUser = TestApi.user("publisher", publisher);
    BuiltAppliance built =
        new ApplianceBuilder(BuilderConfig.defaults())
            .build(Path.of("..", "samples", "hello", "recipe.yaml"), work.resolve("hello"));
    String applianceId =
        new PublishClient(api, publisherUser.token())
            .publish(publisher, built)
            .applianceId()
            .toString();
    consumer = TestApi.user("consumer", null);
    WebDriver d = browser.driver();

    browser.open(base + "#/");
    browser.awaitPage("Catalog");
    browser.visible("#catalog li");
    assertTrue(
        d.findElements(By.cssSelector("[data-nav=deployments]")).stream()
            .noneMatch(WebElement::isDisplayed),
        "anonymous visitors are not offered deployments");
    browser.screenshot("01-catalog-anonymous");

    // Sign in with the keyboard: type the token, press Enter.
    d.findElement(By.cssSelector("#session a")).click();
    browser.awaitPage("Sign in");
    d.findElement(By.id("token")).sendKeys(consumer.token());
    browser.screenshot("02-sign-in");
    d.findElement(By.id("token")).sendKeys(Keys.ENTER);
    browser.awaitText("#signed-in-as", consumer.name());
    browser.awaitPage("Catalog");

    new Select(d.findElement(By.id("filter-publisher"))).selectByValue(publisher);
    new Select(d.findElement(By.id("filter-arch"))).selectByValue("x86_64");
    new Select(d.findElement(By.id("filter-hypervisor"))).selectByValue("qemu");
    d.findElement(By.id("catalog-search")).sendKeys("hello-no-such-word");
    browser.awaitText("#catalog-count", "No appliance matches");
    d.findElement(By.id("catalog-search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "hello");
    WebElement card = awaitSingleCard();
    assertEquals(applianceId, card.getAttribute("data-appliance-id"));
    assertTrue(card.getText().contains("latest 1.0.0"), card.getText());
    assertTrue(card.getText().contains("PUBLIC"), card.getText());
    browser.screenshot("03-catalog-search");

    d.findElement(By.cssSelector("#catalog > li h2 a")).click();
    browser.awaitPage("hello");
    String version = browser.visible("[data-version='1.0.0']").getText();
    for (String expected : List.of("PUBLISHED", "x86_64", "256 MiB", "copy-on-write", "32 MiB")) {
      assertTrue(version.contains(expected), "version shows " + expected + ": " + version);
    }
    browser.screenshot("04-appliance");

    d.findElement(By.id("deploy-link")).click();
    browser.awaitPage("Deploy hello");
    browser.visible("#deploy-no-parameters");
    assertTrue(
        d.findElement(By.id("deploy-node")).findElement(By.xpath("..")).getAttribute("hidden")
            != null,
        "a consumer cannot list nodes, so is not offered one");
    d.findElement(By.id("deploy-labels")).sendKeys("no equals sign");
    d.findElement(By.id("deploy-submit")).click();
    browser.awaitText("#deploy-feedback", "Node labels");
    d.findElement(By.id("deploy-labels")).clear();
    d.findElement(By.id("deploy-hostname")).sendKeys("ui-hello");
    d.findElement(By.id("deploy-user-data"))
        .sendKeys("#cloud-config\nruncmd:\n  - echo HANGAR-CHECK said by the web form\n");
    browser.screenshot("05-deploy-form");
    d.findElement(By.id("deploy-submit")).click();

    browser.await(dr -> dr.getCurrentUrl().contains("#/deployments/"), 10);
    deployment = d.getCurrentUrl().replaceAll(".*#/deployments/", "");
    browser.awaitPage("Deployment of hello 1.0.0");
    awaitReady(d);
    assertEquals("READY", UiTestApi.deployment(consumer.token(), deployment).getString("state"));
    assertTrue(
        d.findElement(By.cssSelector(".steps li[aria-current=step]")).getText().equals("Ready"));
    String instanceId = UiTestApi.deployment(consumer.token(), deployment).getString("instanceId");
    browser.awaitText("#deployment-console", "HANGAR-READY " + instanceId);
    browser.awaitText("#deployment-console", "HANGAR-CHECK said by the web form");
    browser.screenshot("07-deployment-ready");

    d.findElement(By.id("deployment-stop")).click();
    browser.awaitText("#deployment-state", "STOPPED");
    assertEquals("STOPPED", UiTestApi.deployment(consumer.token(), deployment).getString("state"));
    browser.screenshot("07b-deployment-stopped");
    d.findElement(By.id("deployment-start")).click();
    awaitReady(d);

    d.findElement(By.cssSelector("[data-nav=deployments]")).click();
    browser.awaitPage("Deployments");
    String row = "tr[data-deployment-id='" + deployment + "']";
    browser.awaitText(row + " [data-state]", "READY");
    browser.screenshot("08-deployments");
    d.findElement(By.cssSelector(row + " button[data-action=stop]")).click();
    browser.awaitText(row + " [data-state]", "STOPPED");
    browser.visible(row + " button[data-action=start]");
    d.findElement(By.cssSelector(row + " button.danger")).click();
    browser.acceptConfirmation();
    browser.await(
        dr -> dr.findElement(By.cssSelector(row + " [data-state]")).getText().equals("DESTROYED"),
        60);
    assertEquals(
        "DESTROYED", UiTestApi.deployment(consumer.token(), deployment).getString("state"));
    deployment = null;
    browser.screenshot("09-deployments-destroyed");
  }

  @Test
  void publisherDeprecatesThenRevokesAVersionAndTheAdminSeesItInTheAuditLog() {
    String publisher = TestApi.unique("uipub");
    TestApi.createPublisher(publisher);
    User owner = TestApi.user("publisher", publisher);
    String name = TestApi.unique("tool");
    String applianceId = UiTestApi.publishedAppliance(owner.token(), publisher, name);
    WebDriver d = browser.driver();

    browser.open(base + "#/signin?next=%2Fpublisher");
    browser.awaitPage("Sign in");
    d.findElement(By.id("token")).sendKeys("hgr_not-a-token");
    d.findElement(By.id("signin-submit")).click();
    browser.awaitText("#signin-feedback", "does not accept this token");
    d.findElement(By.id("token")).clear();
    d.findElement(By.id("token")).sendKeys(owner.token(), Keys.ENTER);
    browser.awaitPage("Publisher " + publisher);
    String section = "section[data-appliance-id='" + applianceId + "']";
    browser.awaitText(section, "PUBLISHED");
    browser.screenshot("10-publisher");

    d.findElement(By.cssSelector(section + " button[aria-label='Deprecate " + name + " 1.0.0']"))
        .click();
    browser.awaitText(section + " tr[data-version='1.0.0']", "DEPRECATED");
    assertEquals("DEPRECATED", UiTestApi.versionStatus(owner.token(), applianceId, "1.0.0"));
    d.findElement(By.cssSelector(section + " button[aria-label='Revoke " + name + " 1.0.0']"))
        .click();
    browser.acceptConfirmation();
    browser.awaitText(section + " tr[data-version='1.0.0']", "REVOKED");
    assertEquals("REVOKED", UiTestApi.versionStatus(owner.token(), applianceId, "1.0.0"));
    assertTrue(
        d.findElements(By.cssSelector(section + " tr[data-version='1.0.0'] button")).isEmpty(),
        "a revoked version offers no further action");
    browser.screenshot("11-publisher-revoked");

    d.findElement(By.cssSelector("#session button")).click();
    browser.awaitPage("Catalog");
    browser.open(base + "#/signin?next=%2Fadmin");
    browser.awaitPage("Sign in");
    d.findElement(By.id("token")).sendKeys(TestApi.ADMIN_TOKEN, Keys.ENTER);
    browser.awaitPage("Administration");
    d.findElement(By.id("audit-filter")).sendKeys(publisher + "/" + name);
    browser.awaitText("#audit-count", "5 of ");
    String audit = d.findElement(By.id("audit")).getText();
    for (String action : List.of("create", "publish", "deprecate", "revoke")) {
      assertTrue(audit.contains(action), "audit log shows " + action + ": " + audit);
    }
    browser.screenshot("12-admin-audit");
  }

  @Test
  void browseCardsAndTheAppliancePageShowTheSitesTrustVerdict() {
    String publisher = TestApi.unique("uitrust");
    TestApi.createPublisher(publisher);
    User owner = TestApi.user("publisher", publisher);
    SigningKey registered = SigningKey.of(KeyPairs.generate(SignatureAlgorithm.ED25519));
    SigningKey stranger = SigningKey.of(KeyPairs.generate(SignatureAlgorithm.ED25519));
    TestApi.as(owner.token())
        .contentType(ContentType.JSON)
        .body(Map.of("publicKey", Pem.writePublicKey(registered.publicKey())))
        .post("/api/v1/publishers/" + publisher + "/keys")
        .then()
        .statusCode(201);
    String trusted = UiTestApi.publishedAppliance(owner.token(), publisher, "trusted-tool");
    String signed = UiTestApi.publishedAppliance(owner.token(), publisher, "signed-tool");
    String unsigned = UiTestApi.publishedAppliance(owner.token(), publisher, "unsigned-tool");
    UiTestApi.sign(owner.token(), trusted, registered);
    UiTestApi.sign(owner.token(), signed, stranger);
    WebDriver d = browser.driver();

    browser.open(base + "#/?publisher=" + publisher);
    browser.awaitPage("Catalog");
    Map<String, String> expected =
        Map.of(trusted, "trusted", signed, "signed", unsigned, "unsigned");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String badge = "#catalog li[data-appliance-id='" + e.getKey() + "'] [data-trust]";
      browser.await(
          dr ->
              dr.findElement(By.cssSelector(badge)).getAttribute("data-trust").equals(e.getValue()),
          10);
    }
    String trustedBadge = "#catalog li[data-appliance-id='" + trusted + "'] [data-trust]";
    assertEquals("Trusted by this site", d.findElement(By.cssSelector(trustedBadge)).getText());
    assertTrue(
        d.findElement(By.cssSelector(trustedBadge)).getAttribute("title").contains(publisher),
        "the badge names who made it trusted");
    browser.screenshot("13-catalog-trust-badges");

    // "Trusted by this site" narrows the list to the one appliance the policy judges compliant.
    d.findElement(By.cssSelector("label[for='filter-trusted']")).click();
    assertTrue(d.findElement(By.id("filter-trusted")).isSelected());
    browser.await(dr -> dr.findElements(By.cssSelector("#catalog > li")).size() == 1, 10);
    assertEquals(trusted, awaitSingleCard().getAttribute("data-appliance-id"));
    browser.screenshot("13b-catalog-trusted-only");

    d.findElement(By.cssSelector("#catalog li[data-appliance-id='" + trusted + "'] h2 a")).click();
    browser.awaitPage("trusted-tool");
    browser.awaitText("[data-version='1.0.0'] section.trust", registered.keyId());
    String panel = d.findElement(By.cssSelector("[data-version='1.0.0'] section.trust")).getText();
    for (String text : List.of("Trusted by this site", "AUDIT", "publisher " + publisher)) {
      assertTrue(panel.contains(text), "trust panel shows " + text + ": " + panel);
    }
    ((JavascriptExecutor) d)
        .executeScript(
            "arguments[0].scrollIntoView()",
            d.findElement(By.cssSelector("[data-version='1.0.0'] section.trust")));
    browser.screenshot("14-appliance-trust");

    browser.open(base + "#/appliances/" + signed);
    browser.awaitPage("signed-tool");
    browser.awaitText("[data-version='1.0.0'] section.trust", "unknown key " + stranger.keyId());
    assertEquals(
        "signed",
        d.findElement(By.cssSelector("[data-version='1.0.0'] h3 [data-trust]"))
            .getAttribute("data-trust"));
  }

  @Test
  void stagingMessagesWithByteCountsBecomeProgressBarValues() {
    browser.open(base + "#/");
    browser.awaitPage("Catalog");
    Object parsed =
        ((JavascriptExecutor) browser.driver())
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('/js/progress.js').then(m => done(JSON.stringify(["
                    + "m.parseProgress('staging root: 1048576 of 33554432 bytes (3%)'),"
                    + "m.parseProgress('building the NoCloud seed')])));");
    assertEquals(
        "[{\"phase\":\"staging root\",\"done\":1048576,\"total\":33554432,\"percent\":3},null]",
        parsed);
  }

  /** Waits until the catalog shows exactly one card and returns it. */
  @Test
  void publisherFollowsTheUploadProgressOfADraft() {
    String publisher = TestApi.unique("uiprog");
    TestApi.createPublisher(publisher);
    User owner = TestApi.user("publisher", publisher);
    String name = TestApi.unique("tool");
    String applianceId = UiTestApi.publishedAppliance(owner.token(), publisher, name);
    // A draft 2.0.0 made of the files 1.0.0 already uploaded, so it can be published at once.
    TestApi.as(owner.token())
        .contentType(ContentType.JSON)
        .body(
            TestApi.versionBody(
                "2.0.0",
                TestApi.bytes("kernel of " + name),
                TestApi.bytes("initrd of " + name),
                TestApi.bytes("root of " + name)))
        .post("/api/v1/appliances/" + applianceId + "/versions")
        .then()
        .statusCode(201);
    WebDriver d = browser.driver();

    browser.open(base + "#/signin?next=%2Fpublisher");
    browser.awaitPage("Sign in");
    d.findElement(By.id("token")).sendKeys(owner.token(), Keys.ENTER);
    browser.awaitPage("Publisher " + publisher);
    String panel =
        "section[data-appliance-id='" + applianceId + "'] [data-progress-version='2.0.0']";
    browser.awaitText(panel, "Waiting for uploads");
    assertTrue(
        d.findElements(By.cssSelector("[data-progress-version='1.0.0']")).isEmpty(),
        "only drafts have a progress panel");
    browser.screenshot("15-publisher-draft-progress");

    TestApi.as(owner.token())
        .post("/api/v1/appliances/" + applianceId + "/versions/2.0.0/publish")
        .then()
        .statusCode(200);
    browser.awaitText(panel, "publish: done");
    String text = d.findElement(By.cssSelector(panel)).getText();
    assertTrue(text.contains("bytes"), "the last verified file's bytes are shown: " + text);
    assertEquals("done", d.findElement(By.cssSelector(panel)).getAttribute("data-phase"));
    browser.screenshot("16-publisher-draft-published");
  }

  private WebElement awaitSingleCard() {
    return browser.await(
        dr -> {
          List<WebElement> cards = dr.findElements(By.cssSelector("#catalog > li"));
          return cards.size() == 1 ? cards.get(0) : null;
        },
        10);
  }

  /** Waits for READY on the page itself, failing at once with the page's message on FAILED. */
  @Test
  void operatorSeesNodeCapacityAndCacheAndDrainsANode() throws Exception {
    Path xml = work.resolve("ui-node.xml");
    Files.copy(Path.of("src/test/resources/nodes/sim-b.xml"), xml);
    String uri = "test://" + xml.toAbsolutePath();
    byte[] partition = TestApi.bytes("a cached partition for " + uri);
    String digest = TestApi.digest(partition);
    // What a finished staging leaves in a simulated node's image cache.
    Connect node = connections.get(uri);
    new NodeImageCache(node, config.deployer().pool(), config.deployer().poolDir()).volumes();
    node.storagePoolLookupByName(config.deployer().pool())
        .storageVolCreateXML(
            ("<volume><name>sha256-%s</name><capacity unit='bytes'>%d</capacity>"
                    + "<allocation unit='bytes'>%d</allocation></volume>")
                .formatted(digest.substring(7), partition.length, partition.length),
            0);
    String name = TestApi.unique("ui-node");
    TestApi.admin()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name, "uri", uri, "labels", Map.of("disk", "ssd")))
        .post("/api/v1/nodes")
        .then()
        .statusCode(201);
    try {
      User operator = TestApi.user("operator", null);
      WebDriver d = browser.driver();
      browser.open(base + "#/signin?next=%2Fpool");
      browser.awaitPage("Sign in");
      d.findElement(By.id("token")).sendKeys(operator.token(), Keys.ENTER);
      browser.awaitPage("VMM pool");
      String section = "section[data-node='" + name + "']";
      browser.awaitText(section + " h2", "UP");
      String text = d.findElement(By.cssSelector(section)).getText();
      assertTrue(text.contains("0 of 64 vCPUs claimed (16 CPUs)"), text);
      assertTrue(text.contains("disk=ssd"), text);
      assertTrue(text.contains(digest.substring(0, 19)), "the cached digest is listed: " + text);
      assertEquals(3, d.findElements(By.cssSelector(section + " meter")).size());
      assertTrue(
          d.findElements(By.cssSelector("section[data-node='local'] meter")).size() == 3,
          "the local node is shown too");
      browser.screenshot("13-pool");

      d.findElement(By.cssSelector(section + " button[aria-label='Drain " + name + "']")).click();
      browser.awaitText(section + " h2", "DRAINING");
      assertEquals(
          "DRAINING", TestApi.admin().get("/api/v1/nodes/" + name).jsonPath().getString("state"));
      browser.screenshot("14-pool-drained");
    } finally {
      TestApi.admin().delete("/api/v1/nodes/" + name).then().statusCode(204);
    }
  }

  private void awaitReady(WebDriver d) {
    boolean progressShot = false;
    long deadline = System.nanoTime() + BOOT_SECONDS * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      String state = d.findElement(By.id("deployment-state")).getText();
      if (state.equals("READY")) {
        return;
      }
      if (!MOVING.contains(state)) {
        fail(
            "deployment is " + state + ": " + d.findElement(By.id("deployment-message")).getText());
      }
      if (!progressShot && !state.equals("PENDING")) {
        browser.screenshot("06-deployment-progress");
        progressShot = true;
      }
      sleep(250);
    }
    fail("deployment not READY within " + BOOT_SECONDS + " s");
  }

  private void awaitDestroyedThroughApi() throws InterruptedException {
    for (int i = 0; i < 120; i++) {
      String state = UiTestApi.deployment(consumer.token(), deployment).getString("state");
      if (state.equals("DESTROYED")) {
        return;
      }
      Thread.sleep(500);
    }
    fail("deployment " + deployment + " was not destroyed");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
