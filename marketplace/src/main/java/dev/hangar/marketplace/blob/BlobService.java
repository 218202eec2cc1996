package dev.hangar.marketplace.blob;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.Access;
import dev.hangar.marketplace.appliance.VersionRepository;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.store.ContentStore;
import dev.hangar.store.Digest;
import dev.hangar.store.DigestMismatchException;
import dev.hangar.store.PartitionManifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;

/** Stores and reads files (partitions, kernels, initrds) by the digest of their bytes. */
@ApplicationScoped
public class BlobService {
  private final ContentStore store;
  private final VersionRepository versions;

  public BlobService(ContentStore store, VersionRepository versions) {
    this.store = store;
    this.versions = versions;
  }

  /** The size of the stored file with this digest, or empty when it is not (completely) stored. */
  public OptionalLong storedSize(String digest) {
    return manifest(parse(digest, "digest"))
        .map(m -> OptionalLong.of(m.size()))
        .orElse(OptionalLong.empty());
  }

  /**
   * Stores {@code body}, which must hash to {@code digest}; a body that does not is refused and
   * leaves no manifest behind, so it is never visible as stored.
   *
   * @return what is stored and whether this call added it
   */
  public Stored upload(String digest, InputStream body) {
    Digest expected = parse(digest, "digest");
    var existing = manifest(expected);
    if (existing.isPresent()) {
      return new Stored(digest, existing.get().size(), false);
    }
    try {
      PartitionManifest manifest = store.putPartition(body, expected);
      return new Stored(manifest.digest().toString(), manifest.size(), true);
    } catch (DigestMismatchException e) {
      throw ApiException.badField(
          "digest", "the uploaded bytes do not hash to " + digest + " but to " + e.actual());
    } catch (IOException e) {
      // The request body could not be read to its end: the client went away or cut the upload.
      throw new ApiException(
          400, "Upload incomplete", "the upload of " + digest + " was cut off: " + e.getMessage());
    }
  }

  /**
   * Streams the verified bytes of a stored file, if a version the caller may see references it;
   * otherwise the file does not exist for the caller (404), whoever else stored it.
   */
  @Transactional
  public InputStream open(Caller caller, String digest) {
    Digest d = parse(digest, "digest");
    boolean visible = versions.referencing(digest).stream().anyMatch(v -> Access.canSee(caller, v));
    if (!visible || manifest(d).isEmpty()) {
      throw ApiException.notFound("blob " + digest);
    }
    try {
      return store.openPartition(d);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open stored blob " + digest, e);
    }
  }

  private Optional<PartitionManifest> manifest(Digest digest) {
    try {
      return store.manifest(digest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of " + digest, e);
    }
  }

  private static Digest parse(String digest, String field) {
    try {
      return Digest.parse(digest);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(field, "must be sha256: and 64 lower-case hex digits");
    }
  }

  /** Result of an upload. */
  public record Stored(String digest, long size, boolean created) {}
}
