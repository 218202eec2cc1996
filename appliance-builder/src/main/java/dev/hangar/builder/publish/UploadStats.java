package dev.hangar.builder.publish;

/**
 * Counts of one publish call's have/need uploads.
 *
 * @param files files offered (kernel, initrd, partitions with content)
 * @param chunksOffered distinct chunk digests offered, file by file
 * @param chunksSent chunks the store lacked and that were sent
 * @param bytesSent bytes of the chunks sent (uncompressed)
 * @param bytesTotal bytes of all files offered
 */
public record UploadStats(
    int files, long chunksOffered, long chunksSent, long bytesSent, long bytesTotal) {
  static final UploadStats NONE = new UploadStats(0, 0, 0, 0, 0);

  UploadStats plus(long offered, long sent, long sentBytes, long total) {
    return new UploadStats(
        files + 1,
        chunksOffered + offered,
        chunksSent + sent,
        bytesSent + sentBytes,
        bytesTotal + total);
  }
}
