package dev.hangar.deployer.libvirt;

/** Receives upload progress in bytes; called from the uploading thread. */
@FunctionalInterface
public interface UploadProgress {
  /** Ignores progress. */
  UploadProgress NONE = (done, total) -> {};

  /** Reports that {@code done} of {@code total} bytes have been sent. */
  void onProgress(long done, long total);
}
