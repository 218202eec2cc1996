package dev.hangar.builder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.hangar.store.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundle downloads against a real HTTP server on the loopback interface: an interrupted file is
 * continued with a Range request (and its old bytes hashed again), a server that ignores Range
 * sends the whole file, and bytes that do not match the manifest never reach the bundle.
 */
class BundleDownloadTest {
  @TempDir Path dir;
  private final byte[] file = new byte[300_000];
  private final AtomicReference<String> range = new AtomicReference<>();
  private final AtomicBoolean honourRange = new AtomicBoolean(true);
  private volatile byte[] served;
  private HttpServer server;
  private ApiClient api;
  private Digest digest;

  @BeforeEach
  void serve() throws IOException {
    new Random(7).nextBytes(file);
    served = file;
    digest = Digest.of(file);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/blobs/",
        exchange -> {
          String header = exchange.getRequestHeaders().getFirst("Range");
          range.set(header);
          byte[] body = served;
          int status = 200;
          if (header != null && honourRange.get()) {
            int from = Integer.parseInt(header.substring("bytes=".length(), header.length() - 1));
            exchange
                .getResponseHeaders()
                .add(
                    "Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            body = Arrays.copyOfRange(body, from, body.length);
            status = 206;
          }
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    api =
        new ApiClient(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1"), null);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ProgressBar bar() {
    return new ProgressBar(System.err, false, "test", file.length);
  }

  private Path part() throws IOException {
    Path blob = Bundle.blob(dir, digest);
    Files.createDirectories(blob.getParent());
    return blob.resolveSibling(blob.getFileName() + ".part");
  }

  @Test
  void anInterruptedDownloadContinuesWithARangeRequest() throws IOException {
    Files.write(part(), Arrays.copyOf(file, 100_000));
    long transferred = Bundle.download(api, dir, digest, file.length, bar());
    assertEquals("bytes=100000-", range.get());
    assertEquals(200_000, transferred);
    assertArrayEquals(file, Files.readAllBytes(Bundle.blob(dir, digest)));
    assertFalse(Files.exists(part()));
    assertEquals(0, Bundle.download(api, dir, digest, file.length, bar()), "already complete");
  }

  @Test
  void aServerIgnoringRangeSendsTheWholeFileWhichReplacesThePart() throws IOException {
    honourRange.set(false);
    Files.write(part(), Arrays.copyOf(file, 100_000));
    assertEquals(file.length, Bundle.download(api, dir, digest, file.length, bar()));
    assertArrayEquals(file, Files.readAllBytes(Bundle.blob(dir, digest)));
  }

  @Test
  void aCorruptPartIsCaughtByTheHashAndDiscarded() throws IOException {
    byte[] corrupt = Arrays.copyOf(file, 100_000);
    corrupt[10] ^= 1;
    Files.write(part(), corrupt);
    CliException e =
        assertThrows(
            CliException.class, () -> Bundle.download(api, dir, digest, file.length, bar()));
    assertEquals(ExitCodes.VERIFICATION_FAILED, e.exitCode());
    assertFalse(Files.exists(part()));
    assertFalse(Files.exists(Bundle.blob(dir, digest)));
    Bundle.download(api, dir, digest, file.length, bar());
    assertNull(range.get(), "the retry starts from scratch");
    assertArrayEquals(file, Files.readAllBytes(Bundle.blob(dir, digest)));
  }

  @Test
  void moreBytesThanTheManifestAllowsAreRefused() throws IOException {
    served = Arrays.copyOf(file, file.length + 1);
    CliException e =
        assertThrows(
            CliException.class, () -> Bundle.download(api, dir, digest, file.length, bar()));
    assertEquals(ExitCodes.VERIFICATION_FAILED, e.exitCode());
    assertFalse(Files.exists(Bundle.blob(dir, digest)));
  }
}
