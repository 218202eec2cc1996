package dev.hangar.store.trust;

import dev.hangar.store.Digest;
import java.util.Objects;

/**
 * A manifest the {@link FreshnessGuard} accepted as fresh, listed and properly signed.
 *
 * @param manifest the manifest
 * @param manifestDigest SHA-256 of its payload
 * @param snapshotVersion version of the snapshot that listed it
 * @param signatures the manifest's signature check
 */
public record Admission(
    ApplianceManifest manifest,
    Digest manifestDigest,
    long snapshotVersion,
    SignatureCheck signatures) {

  /** Validates the fields. */
  public Admission {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(signatures, "signatures");
  }
}
