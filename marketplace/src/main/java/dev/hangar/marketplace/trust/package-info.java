/**
 * Trust in the marketplace: publisher signing keys, DSSE signatures over the canonical manifest of
 * each version, in-toto attestations, and the site trust policy enforced at publish, at deploy and
 * right before boot. The cryptography and the policy semantics are {@code
 * dev.hangar.store.trust}'s.
 *
 * <dl>
 *   <dt>canonical manifest
 *   <dd>The {@link dev.hangar.store.trust.ApplianceManifest} of a version derived from the catalog
 *       (partitions with content, boot files, requirements, context schema) for a given signing
 *       time {@code issuedAt}; its canonical JSON is what publishers sign ({@link
 *       dev.hangar.marketplace.trust.ManifestFactory}).
 *   <dt>signature
 *   <dd>A DSSE envelope whose payload is byte-for-byte the canonical manifest of the version at the
 *       payload's own {@code issuedAt}; stored as submitted, verified when the policy runs.
 *   <dt>site policy
 *   <dd>The {@link dev.hangar.store.trust.TrustPolicy} from {@code hangar.trust.policy-file}, or
 *       the built-in AUDIT policy trusting each publisher's registered keys for its own appliances.
 *   <dt>verdict
 *   <dd>The policy's decision on a version: under STRICT a violation refuses publish and deploy;
 *       under AUDIT it is allowed and recorded in the audit log.
 *   <dt>pinned manifest
 *   <dd>The manifest a version was published with ({@link
 *       dev.hangar.marketplace.trust.VersionManifest}); the only one the catalog lists and a
 *       deployer admits for the version.
 *   <dt>catalog key, snapshot, timestamp
 *   <dd>The marketplace's own key ({@link dev.hangar.marketplace.trust.CatalogKey}) signs a
 *       snapshot of every deployable version's pinned manifest digest and a short-lived timestamp
 *       naming it ({@link dev.hangar.marketplace.trust.CatalogSigner}), re-signed on every status
 *       change and before expiry ({@link dev.hangar.marketplace.trust.CatalogRefresher}).
 *   <dt>freshness guard
 *   <dd>The deployer-side check ({@link dev.hangar.marketplace.trust.DeployGuard}) of pinned
 *       manifest, snapshot and timestamp against a node's remembered state, refusing rollback,
 *       freeze, mix-and-match and untrusted, revoked or too few signers; at request, before staging
 *       and right before boot.
 * </dl>
 */
package dev.hangar.marketplace.trust;
