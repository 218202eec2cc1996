/**
 * Reconciliation: comparing what Hangar wants on a node (its <em>intents</em>, one per deployment
 * it knows) with what libvirt reports there (a {@link dev.hangar.deployer.reconcile.NodeObservation
 * node observation}) and deciding the {@link dev.hangar.deployer.reconcile.Correction corrections}
 * that bring them together. The planner is a pure function; carrying corrections out, recording
 * them and scheduling passes belong to the caller (the marketplace's {@code reconcile} package).
 *
 * <p>Terms: a deployment's <em>home</em> is the node its current attempt is on; an <em>orphan</em>
 * is a Hangar-named domain or per-deployment volume that no live deployment owns on that node; the
 * <em>grace period</em> is how long an orphan must have been one (counted from its deployment's
 * last change) before it is removed.
 */
package dev.hangar.deployer.reconcile;
