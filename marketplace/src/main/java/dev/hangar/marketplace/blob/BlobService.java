package dev.hangar.marketplace.blob;

import dev.hangar.marketplace.account.Caller;
import dev.hangar.marketplace.appliance.Access;
import dev.hangar.marketplace.appliance.VersionRepository;
import dev.hangar.marketplace.problem.ApiException;
import dev.hangar.store.ChunkerParams;
import dev.hangar.store.ContentStore;
import dev.hangar.store.CorruptChunkException;
import dev.hangar.store.Digest;
import dev.hangar.store.DigestMismatchException;
import dev.hangar.store.ManifestCodec;
import dev.hangar.store.MissingChunksException;
import dev.hangar.store.PartitionManifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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

  /** The offered chunk digests this store lacks, in the order offered (the have/need exchange). */
  public List<String> missingChunks(List<String> offered) {
    List<Digest> digests = new ArrayList<>();
    for (int i = 0; i < offered.size(); i++) {
      digests.add(parse(offered.get(i), "chunks[" + i + "]"));
    }
    return store.missingChunks(digests).stream().map(Digest::toString).toList();
  }

  /** Stores one chunk after checking its bytes hash to {@code digest}. */
  public void putChunk(String digest, byte[] bytes) {
    Digest expected = parse(digest, "digest");
    if (bytes.length > ChunkerParams.MAX_CHUNK_LIMIT) {
      throw new ApiException(
          413,
          "Payload Too Large",
          "chunks are at most " + ChunkerParams.MAX_CHUNK_LIMIT + " bytes");
    }
    try {
      store.putChunk(expected, bytes);
    } catch (CorruptChunkException e) {
      throw ApiException.badField("digest", "the uploaded bytes do not hash to " + digest);
    }
  }

  /**
   * Completes a partition uploaded chunk by chunk: every chunk must be stored and together they
   * must hash to the manifest's digest; only then is the manifest written.
   */
  public Stored commit(byte[] manifestJson) {
    PartitionManifest proposed;
    try {
      proposed = ManifestCodec.fromJson(manifestJson, "request body");
    } catch (IOException | IllegalArgumentException e) {
      throw ApiException.badField(
          "manifest", "is not a valid " + ManifestCodec.FORMAT + " manifest: " + e.getMessage());
    }
    boolean existed = manifest(proposed.digest()).isPresent();
    try {
      PartitionManifest committed = store.commitPartition(proposed);
      return new Stored(committed.digest().toString(), committed.size(), !existed);
    } catch (MissingChunksException e) {
      List<String> missing = e.missing().stream().limit(100).map(Digest::toString).toList();
      throw ApiException.conflict(
          e.missing().size()
              + " chunk(s) are not stored yet, e.g. "
              + missing
              + "; upload them and commit again");
    } catch (DigestMismatchException e) {
      throw ApiException.badField(
          "manifest.digest", "the chunks reassemble to " + e.actual() + ", not " + e.expected());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit partition " + proposed.digest(), e);
    }
  }

  /**
   * The size of a stored file a version the caller may see references; 404 otherwise, so private
   * content cannot be probed by digest.
   */
  @Transactional
  public long visibleSize(Caller caller, String digest) {
    Digest d = parse(digest, "digest");
    boolean visible = versions.referencing(digest).stream().anyMatch(v -> Access.canSee(caller, v));
    Optional<PartitionManifest> m = visible ? manifest(d) : Optional.empty();
    return m.orElseThrow(() -> ApiException.notFound("blob " + digest)).size();
  }

  /**
   * Streams bytes {@code [offset, offset + length)} of a stored file, each chunk verified as it is
   * read; check the caller with {@link #visibleSize} first.
   */
  public InputStream open(String digest, long offset, long length) {
    try {
      return store.openPartition(parse(digest, "digest"), offset, length);
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
