package dev.hangar.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.marketplace.appliance.VersionRepository;
import dev.hangar.marketplace.deployment.Deployment;
import dev.hangar.marketplace.deployment.DeploymentJobs;
import dev.hangar.marketplace.deployment.DeploymentRepository;
import dev.hangar.marketplace.deployment.DeploymentState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A deployment the service was in the middle of when it died is cleaned up on the next start: its
 * half-made domain is removed from libvirt and it ends FAILED with the reason, holding nothing.
 */
@QuarkusTest
@WithTestResource(S3ProxyResource.class)
class RestartRecoveryTest {
  @Inject DeploymentJobs jobs;
  @Inject DeploymentRepository deployments;
  @Inject VersionRepository versions;

  @Test
  void deploymentCaughtMidStagingIsCleanedUpAndFailedOnStart() throws Exception {
    String publisher = TestApi.unique("restart");
    String token = TestApi.publisherToken(publisher);
    UUID applianceId =
        UUID.fromString(
            TestApi.publishedAppliance(
                token,
                publisher,
                Map.of(),
                TestApi.bytes("k" + publisher),
                TestApi.bytes("i" + publisher),
                TestApi.bytes("r" + publisher)));
    String domain = "hangar-i-restart" + Long.toHexString(System.nanoTime());

    // What a process killed during staging leaves behind: a STAGING row and a defined domain.
    UUID id =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Deployment d = new Deployment();
                  d.id = UUID.randomUUID();
                  d.version = versions.find(applianceId, "1.0.0").orElseThrow();
                  d.instanceId = domain.substring("hangar-".length());
                  d.hostname = "restart";
                  d.parameters = "{}";
                  d.state = DeploymentState.STAGING;
                  d.nodeUri = "qemu:///system";
                  d.domainName = domain;
                  d.createdAt = d.updatedAt = OffsetDateTime.now();
                  deployments.persist(d);
                  return d.id;
                });
    Path xml = Files.createTempFile("domain", ".xml");
    Files.writeString(
        xml,
        "<domain type='qemu'><name>"
            + domain
            + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
            + "<os><type arch='x86_64'>hvm</type></os></domain>");
    assertEquals(0, virsh("define", xml.toString()));

    jobs.recoverUnqueued();

    DeploymentState state = null;
    for (int i = 0; i < 60 && state != DeploymentState.FAILED; i++) {
      Thread.sleep(500);
      state = QuarkusTransaction.requiringNew().call(() -> deployments.findById(id).state);
    }
    assertEquals(DeploymentState.FAILED, state);
    String message = QuarkusTransaction.requiringNew().call(() -> deployments.findById(id).message);
    assertTrue(message.contains("restarted"), message);
    assertNotEquals(0, virsh("dominfo", domain), "the half-made domain is gone");
  }

  private static int virsh(String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "virsh";
    command[1] = "-c";
    command[2] = "qemu:///system";
    System.arraycopy(args, 0, command, 3, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return p.exitValue();
  }
}
