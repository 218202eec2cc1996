package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ContentStoreS3Test {

  @Test
  void roundTripsAPartitionThroughS3() throws IOException {
    try (S3ProxyServer server = S3ProxyServer.start();
        S3BlobStore blobs = new S3BlobStore(server.config("content"))) {
      ContentStore store = new ContentStore(blobs);
      byte[] data = ContentStoreTest.imageWithZeroRuns();

      PartitionManifest manifest = store.putPartition(new ByteArrayInputStream(data));

      assertArrayEquals(data, ContentStoreTest.readAll(store, manifest.digest()));
      assertEquals(manifest, store.manifest(manifest.digest()).orElseThrow());
      VerifyReport report = store.verify();
      assertTrue(report.ok(), report.problems().toString());
      assertEquals(1, report.partitions());
    }
  }
}
