package dev.hangar.store;

/**
 * One content-defined chunk cut from a stream.
 *
 * @param offset position of the chunk's first byte in the stream
 * @param data the chunk's bytes; the array is handed over to the receiver and not reused
 */
public record Chunk(long offset, byte[] data) {

  /** Returns the chunk's length in bytes. */
  public int length() {
    return data.length;
  }
}
