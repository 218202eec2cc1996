package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest extends BlobStoreContractTest {

  @TempDir Path root;

  @Override
  protected BlobStore newStore() {
    return new FileBlobStore(root);
  }

  @Test
  void mapsKeysToPathsUnderTheRoot() {
    put("chunks/ab/abcdef", new byte[] {9});
    assertEquals(true, Files.isRegularFile(root.resolve("chunks/ab/abcdef")));
  }

  @Test
  void leavesNoStagingFilesBehindAfterFailedPut() throws IOException {
    try {
      store.put("x", java.io.InputStream.nullInputStream(), 10);
    } catch (BlobStoreException expected) {
      // The assertion below is the point of the test.
    }
    try (Stream<Path> staged = Files.list(root.resolve(".staging"))) {
      assertEquals(List.of(), staged.toList());
    }
  }

  @Test
  void ignoresStagingDirectoryWhenListing() throws IOException {
    Files.writeString(root.resolve(".staging/put-stray.tmp"), "left by a crash");
    put("real", new byte[] {1});
    assertEquals(List.of("real"), store.list(""));
  }
}
