package dev.hangar.builder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangar.builder.ApplianceDescriptor;
import dev.hangar.builder.ApplianceDescriptor.FileRef;
import dev.hangar.builder.ApplianceDescriptor.PartitionImage;
import dev.hangar.builder.BuiltAppliance;
import dev.hangar.builder.Filesystem;
import dev.hangar.builder.PartitionKind;
import dev.hangar.builder.Requirements;
import dev.hangar.store.Digest;
import dev.hangar.store.trust.ApplianceManifest;
import dev.hangar.store.trust.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys, signing and offline verification, with real keys and real hashing: a built directory is
 * signed, turned into a bundle the way {@code hangar pull} lays it out, and verified against
 * policies; a flipped byte, an untrusted key or an uncovered appliance each fail with exit 3.
 */
class SignVerifyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path built;
  private Path key;
  private Path bundle;

  @BeforeEach
  void buildSignAndBundle() throws IOException {
    built = fakeBuild(dir.resolve("built"));
    key = dir.resolve("acme.key");
    Run generated = Run.of("--json", "keys", "generate", "-o", key.toString());
    assertEquals(ExitCodes.OK, generated.exitCode(), generated.toString());
    Run signed =
        Run.of("--json", "sign", built.toString(), "--key", key.toString(), "--publisher", "acme");
    assertEquals(ExitCodes.OK, signed.exitCode(), signed.toString());
    bundle = bundleOf(built);
  }

  @Test
  void keysAreWrittenPrivateOnlyToTheOwnerAndNotReplacedWithoutForce() throws IOException {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    String pem = Files.readString(key);
    assertTrue(pem.contains("BEGIN PRIVATE KEY") && pem.contains("BEGIN PUBLIC KEY"));
    assertFalse(Files.readString(KeyFiles.publicFile(key)).contains("PRIVATE"));
    assertEquals(ExitCodes.USAGE, Run.of("keys", "generate", "-o", key.toString()).exitCode());
    assertEquals(pem, Files.readString(key), "the existing key is untouched");
    Run p256 =
        Run.of(
            "--json",
            "keys",
            "generate",
            "--type",
            "ecdsa-p256",
            "-o",
            dir.resolve("p").toString());
    assertEquals("ECDSA_P256_SHA256", JSON.readTree(p256.out()).path("algorithm").asText());
  }

  @Test
  void theSignedManifestCoversEveryFileOfTheBuild() throws Exception {
    ApplianceManifest m =
        ApplianceManifest.parse(Files.readAllBytes(bundle.resolve(Bundle.MANIFEST)));
    BuiltAppliance b = BuiltAppliance.read(built);
    assertEquals("acme/hello", m.appliance());
    assertEquals(
        "sha256:" + b.descriptor().kernel().sha256(), m.boot().kernel().digest().toString());
    assertEquals(1, m.partitions().size(), "the EMPTY partition is not listed");
    assertEquals(1, m.partitions().get(0).position(), "positions count the EMPTY partition");
    assertEquals("copy-on-write", m.partitions().get(0).kind());
  }

  @Test
  void verifiesABundleSignedByATrustedKey() throws IOException {
    Path policy = policy("publishers: [acme]", "acme/*");
    Run run = verify(policy, "--key", KeyFiles.publicFile(key).toString());
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode result = JSON.readTree(run.out());
    assertTrue(result.path("verified").asBoolean());
    assertEquals(3, result.path("files").size());

    String keyId =
        JSON.readTree(Run.of("--json", "keys", "generate", "-o", dir.resolve("x").toString()).out())
            .path("keyId")
            .asText();
    assertFalse(keyId.isEmpty());
    Path byKeyId = policy("keys: [\"" + signingKeyId() + "\"]", "acme/*");
    assertEquals(
        ExitCodes.OK, verify(byKeyId, "--key", "acme=" + KeyFiles.publicFile(key)).exitCode());
  }

  @Test
  void failsWithThreeForAnUntrustedKey() throws IOException {
    Path other = dir.resolve("other.key");
    Run.of("keys", "generate", "-o", other.toString());
    Run run =
        verify(
            policy("publishers: [acme]", "acme/*"), "--key", KeyFiles.publicFile(other).toString());
    assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode(), run.toString());
    assertTrue(
        JSON.readTree(run.out()).path("problems").toString().contains("unknown key"), run.out());
    assertEquals(
        ExitCodes.VERIFICATION_FAILED,
        verify(policy("publishers: [acme]", "acme/*")).exitCode(),
        "no key at all");
  }

  @Test
  void failsWithThreeWhenAPartitionByteIsFlipped() throws IOException {
    Path root = onlyBlob("root");
    byte[] bytes = Files.readAllBytes(root);
    bytes[bytes.length / 2] ^= 1;
    Files.write(root, bytes);
    Run run =
        verify(
            policy("publishers: [acme]", "acme/*"), "--key", KeyFiles.publicFile(key).toString());
    assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode(), run.toString());
    JsonNode result = JSON.readTree(run.out());
    assertTrue(result.path("allowed").asBoolean(), "the signature itself is fine");
    assertTrue(
        result.path("problems").toString().contains(root.getFileName().toString()), run.out());
  }

  @Test
  void failsWithThreeWhenABlobIsMissingOrNoRuleCoversTheAppliance() throws IOException {
    Path pub = KeyFiles.publicFile(key);
    assertEquals(
        ExitCodes.VERIFICATION_FAILED,
        verify(policy("publishers: [acme]", "other/*"), "--key", pub.toString()).exitCode());
    Files.delete(onlyBlob("root"));
    assertEquals(
        ExitCodes.VERIFICATION_FAILED,
        verify(policy("publishers: [acme]", "acme/*"), "--key", pub.toString()).exitCode());
  }

  @Test
  void aBadPolicyFileIsAUsageError() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "enforcement: STRICT\nrules: []\nunknown: 1\n");
    assertEquals(ExitCodes.USAGE, verify(bad).exitCode());
  }

  private Run verify(Path policy, String... more) {
    String[] args = new String[5 + more.length];
    args[0] = "--json";
    args[1] = "verify";
    args[2] = bundle.toString();
    args[3] = "--policy";
    args[4] = policy.toString();
    System.arraycopy(more, 0, args, 5, more.length);
    return Run.of(args);
  }

  private String signingKeyId() {
    return KeyFiles.readSigningKey(key).keyId();
  }

  private Path policy(String signers, String glob) throws IOException {
    Path p = Files.createTempFile(dir, "policy", ".yaml");
    Files.writeString(
        p,
        "enforcement: STRICT\nrules:\n  - appliances: \""
            + glob
            + "\"\n    signers:\n      "
            + signers
            + "\n");
    return p;
  }

  private Path onlyBlob(String label) throws IOException {
    String hex =
        BuiltAppliance.read(built).descriptor().partitions().stream()
            .filter(p -> p.label().equals(label))
            .findFirst()
            .orElseThrow()
            .sha256();
    return bundle.resolve(Bundle.BLOBS).resolve("sha256-" + hex);
  }

  /** Lays out a bundle from a signed built directory, as hangar pull does from the API. */
  private Path bundleOf(Path builtDir) throws IOException {
    Path b = dir.resolve("bundle");
    Files.createDirectories(b.resolve(Bundle.SIGNATURES));
    Files.createDirectories(b.resolve(Bundle.BLOBS));
    List<Path> envelopes;
    try (Stream<Path> s = Files.list(builtDir.resolve(SignCommand.SIGNATURES))) {
      envelopes = s.toList();
    }
    assertEquals(1, envelopes.size());
    byte[] env = Files.readAllBytes(envelopes.get(0));
    try {
      Files.write(b.resolve(Bundle.MANIFEST), Envelope.parse(env).payload());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Files.write(b.resolve(Bundle.SIGNATURES).resolve("001.dsse.json"), env);
    ApplianceDescriptor d = BuiltAppliance.read(builtDir).descriptor();
    for (FileRef f : List.of(d.kernel(), d.initrd())) {
      Files.copy(
          builtDir.resolve(f.file()), b.resolve(Bundle.BLOBS).resolve("sha256-" + f.sha256()));
    }
    for (PartitionImage p : d.partitions()) {
      if (p.file() != null) {
        Files.copy(
            builtDir.resolve(p.file()), b.resolve(Bundle.BLOBS).resolve("sha256-" + p.sha256()));
      }
    }
    return b;
  }

  /** A built directory with random file contents: signing and verifying need no real kernel. */
  static Path fakeBuild(Path out) throws IOException {
    Files.createDirectories(out);
    Random random = new Random(42);
    FileRef kernel = file(out, "vmlinuz", 4096, random);
    FileRef initrd = file(out, "initrd.img", 2048, random);
    FileRef root = file(out, "root.img", 1 << 20, random);
    ApplianceDescriptor d =
        new ApplianceDescriptor(
            "hello",
            "1.0.0",
            "test",
            "test appliance",
            new Requirements("x86_64", 1, 128),
            "root=/dev/vdb console=ttyS0",
            kernel,
            initrd,
            List.of(
                new PartitionImage(
                    "scratch", "data", PartitionKind.EMPTY, Filesystem.RAW, 1 << 20, null, null),
                new PartitionImage(
                    "root",
                    "root",
                    PartitionKind.COPY_ON_WRITE,
                    Filesystem.EXT4,
                    root.size(),
                    root.file(),
                    root.sha256())));
    JSON.writeValue(out.resolve(BuiltAppliance.DESCRIPTOR_FILE).toFile(), d);
    return out;
  }

  private static FileRef file(Path dir, String name, int size, Random random) throws IOException {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    Files.write(dir.resolve(name), bytes);
    return new FileRef(name, Digest.of(bytes).hex(), size);
  }
}
