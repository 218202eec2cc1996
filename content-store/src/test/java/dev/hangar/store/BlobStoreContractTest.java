package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link BlobStore} must show; subclasses supply a fresh, empty store per test. */
public abstract class BlobStoreContractTest {

  /** The store under test, empty at the start of each test. */
  protected BlobStore store;

  /** Returns a new, empty store; called before every test. */
  protected abstract BlobStore newStore() throws Exception;

  @BeforeEach
  void createStore() throws Exception {
    store = newStore();
  }

  /** Stores {@code data} under {@code key}. */
  protected void put(String key, byte[] data) {
    store.put(key, new ByteArrayInputStream(data), data.length);
  }

  /** Reads the whole object under {@code key}. */
  protected byte[] read(String key) throws IOException {
    try (InputStream in = store.get(key)) {
      return in.readAllBytes();
    }
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  @Test
  void returnsTheBytesThatWerePut() throws IOException {
    byte[] data = randomBytes(300_000, 1);
    put("a/b/object.bin", data);
    assertArrayEquals(data, read("a/b/object.bin"));
    assertEquals(
        Optional.of(new BlobInfo("a/b/object.bin", data.length)), store.stat("a/b/object.bin"));
  }

  @Test
  void storesEmptyObjects() throws IOException {
    put("empty", new byte[0]);
    assertArrayEquals(new byte[0], read("empty"));
    assertEquals(0, store.stat("empty").orElseThrow().size());
  }

  @Test
  void readsOnlyTheRequestedRange() throws IOException {
    byte[] data = randomBytes(10_000, 2);
    put("ranged", data);
    try (InputStream in = store.get("ranged", 1234, 100)) {
      assertArrayEquals(Arrays.copyOfRange(data, 1234, 1334), in.readAllBytes());
    }
    try (InputStream in = store.get("ranged", 9_990, 100)) {
      assertArrayEquals(Arrays.copyOfRange(data, 9_990, 10_000), in.readAllBytes());
    }
    try (InputStream in = store.get("ranged", 10_000, 5)) {
      assertEquals(0, in.readAllBytes().length);
    }
    try (InputStream in = store.get("ranged", 20, 0)) {
      assertEquals(0, in.readAllBytes().length);
    }
  }

  @Test
  void rangedGetOfMissingKeyFailsWithNotFound() {
    assertThrows(BlobNotFoundException.class, () -> store.get("missing", 0, 10));
  }

  @Test
  void statOfMissingKeyIsEmpty() {
    assertEquals(Optional.empty(), store.stat("no/such/key"));
  }

  @Test
  void getOfMissingKeyFailsWithNotFoundNamingTheKey() {
    BlobNotFoundException e =
        assertThrows(BlobNotFoundException.class, () -> store.get("no/such/key"));
    assertEquals("no/such/key", e.key());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("no/such/key"));
  }

  @Test
  void listsKeysWithPrefixInSortedOrder() {
    for (String key :
        List.of("chunks/b2/x", "chunks/a1/z", "chunks/a1/y", "partitions/p", "chunksx")) {
      put(key, new byte[] {1});
    }
    assertEquals(List.of("chunks/a1/y", "chunks/a1/z", "chunks/b2/x"), store.list("chunks/"));
    assertEquals(List.of("chunks/a1/y", "chunks/a1/z"), store.list("chunks/a"));
    assertEquals(
        List.of("chunks/a1/y", "chunks/a1/z", "chunks/b2/x", "chunksx", "partitions/p"),
        store.list(""));
    assertEquals(List.of(), store.list("nothing/"));
  }

  @Test
  void deleteRemovesTheObjectAndIsIdempotent() {
    put("doomed", new byte[] {1, 2, 3});
    store.delete("doomed");
    assertEquals(Optional.empty(), store.stat("doomed"));
    store.delete("doomed");
    store.delete("never/existed");
    assertEquals(List.of(), store.list(""));
  }

  @Test
  void rejectsInvalidKeysBeforeAnyIo() {
    for (String key :
        List.of(
            "",
            "/abs",
            "a/../b",
            "..",
            "a/./b",
            "a//b",
            "trailing/",
            "ctl\u0001",
            "new\nline",
            "back\\slash",
            ".hidden")) {
      assertThrows(IllegalArgumentException.class, () -> store.stat(key), key);
      assertThrows(IllegalArgumentException.class, () -> put(key, new byte[] {1}), key);
      assertThrows(IllegalArgumentException.class, () -> store.get(key), key);
      assertThrows(IllegalArgumentException.class, () -> store.delete(key), key);
    }
    assertThrows(IllegalArgumentException.class, () -> store.list("/"));
    assertThrows(IllegalArgumentException.class, () -> store.list("../"));
  }

  @Test
  void putOfStreamShorterThanDeclaredLengthFailsAndStoresNothing() {
    byte[] data = randomBytes(1000, 3);
    BlobStoreException e =
        assertThrows(
            BlobStoreException.class,
            () -> store.put("short", new ByteArrayInputStream(data), data.length + 1));
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("short"), e.getMessage());
    assertEquals(Optional.empty(), store.stat("short"));
    assertEquals(List.of(), store.list(""));
  }

  @Test
  void putReadsOnlyTheDeclaredLength() throws IOException {
    byte[] data = randomBytes(1000, 4);
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    store.put("prefix-only", in, 600);
    assertArrayEquals(Arrays.copyOf(data, 600), read("prefix-only"));
    assertEquals(400, in.available());
  }

  @Test
  void putOfStreamThatThrowsFailsAndStoresNothing() {
    InputStream failing =
        new InputStream() {
          private int served;

          @Override
          public int read() throws IOException {
            if (served++ >= 500) {
              throw new IOException("disk on fire");
            }
            return 7;
          }
        };
    assertThrows(BlobStoreException.class, () -> store.put("broken", failing, 1000));
    assertEquals(Optional.empty(), store.stat("broken"));
  }

  @Test
  void rePutOfSameKeyAndBytesIsIdempotent() throws IOException {
    byte[] data = randomBytes(5000, 5);
    put("twice", data);
    put("twice", data);
    assertArrayEquals(data, read("twice"));
    assertEquals(List.of("twice"), store.list(""));
  }
}
