package dev.hangar.store.bench;

import java.util.Random;

/** Deterministic benchmark inputs. */
final class Data {

  private Data() {}

  static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }
}
