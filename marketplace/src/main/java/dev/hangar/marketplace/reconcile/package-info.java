/**
 * The reconciliation loop: each pass compares, per reachable node, the deployments Hangar records
 * (desired state, read by {@link dev.hangar.marketplace.reconcile.DesiredState}) with the domains
 * and volumes libvirt reports (observed state), lets the deployer's planner decide, and carries out
 * and records the corrections ({@link dev.hangar.marketplace.reconcile.ReconcileService}); {@link
 * dev.hangar.marketplace.reconcile.ReconcileLoop} runs a pass every {@code
 * hangar.reconcile.interval}. The rules and why they are safe next to jobs and other instances are
 * in ARCHITECTURE.md, "Reconciliation".
 */
package dev.hangar.marketplace.reconcile;
