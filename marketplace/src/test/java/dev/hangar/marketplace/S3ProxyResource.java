package dev.hangar.marketplace;

import dev.hangar.store.S3ProxyServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs the service's tests against a real S3 server: S3Proxy on a free loopback port. */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {
  private S3ProxyServer server;

  @Override
  public Map<String, String> start() {
    server = S3ProxyServer.start();
    return Map.of(
        "hangar.store.type", "s3",
        "hangar.store.s3.endpoint", server.endpoint(),
        "hangar.store.s3.bucket", "hangar-test",
        "hangar.store.s3.access-key", server.accessKey(),
        "hangar.store.s3.secret-key", server.secretKey());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
