/**
 * Framework-free signing and trust for appliances: canonical JSON, signed manifests, DSSE
 * envelopes, publisher keyrings, trust policies, in-toto attestations and TUF-style freshness.
 *
 * <p>Terms used throughout this package (the normative format is FORMAT.md, "Signing and trust"):
 *
 * <dl>
 *   <dt>canonical JSON
 *   <dd>RFC 8785 (JCS) serialization ({@link dev.hangar.store.trust.CanonicalJson}): sorted
 *       members, ECMAScript numbers, minimal escaping, no white space. Every signed document is
 *       exactly its canonical JSON, so its SHA-256 is well defined.
 *   <dt>manifest
 *   <dd>The signed description of one appliance version ({@link
 *       dev.hangar.store.trust.ApplianceManifest}): identity, version, channel, every partition,
 *       boot file and context template by digest and size, hardware requirements and the
 *       context-parameter schema. The <em>manifest digest</em> is the SHA-256 of its canonical
 *       JSON.
 *   <dt>envelope
 *   <dd>A DSSE v1 envelope ({@link dev.hangar.store.trust.Envelope}): payload type, payload and one
 *       or more signatures over the Pre-Authentication Encoding {@code DSSEv1 <len> <type> <len>
 *       <payload>}; signatures are Ed25519 or ECDSA P-256/SHA-256 (DER).
 *   <dt>key id
 *   <dd>{@code sha256:<hex>} of the DER SubjectPublicKeyInfo of the signing key ({@link
 *       dev.hangar.store.trust.KeyPairs#keyId}).
 *   <dt>keyring
 *   <dd>Publisher keys with validity windows and a k-of-n threshold per publisher, plus X.509 roots
 *       ({@link dev.hangar.store.trust.PublisherKeyring}).
 *   <dt>attestation
 *   <dd>An in-toto Statement v1 about a manifest digest, in an envelope ({@link
 *       dev.hangar.store.trust.Statement}); Hangar defines the provenance and scan predicates.
 *   <dt>policy
 *   <dd>Rules mapping appliance globs to trusted signers and required attestation types, with
 *       STRICT or AUDIT enforcement ({@link dev.hangar.store.trust.TrustPolicy}).
 *   <dt>snapshot
 *   <dd>The marketplace-signed list of the latest version and manifest digest per appliance channel
 *       ({@link dev.hangar.store.trust.CatalogSnapshot}), pinned by a short-lived signed
 *       <em>timestamp</em> ({@link dev.hangar.store.trust.CatalogTimestamp}); {@link
 *       dev.hangar.store.trust.FreshnessGuard} uses both to refuse rollback, freeze and
 *       mix-and-match attacks.
 * </dl>
 */
package dev.hangar.store.trust;
