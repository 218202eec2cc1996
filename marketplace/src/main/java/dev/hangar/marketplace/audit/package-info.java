/**
 * The append-only record of who published, changed, deprecated, revoked, deployed or destroyed
 * what.
 */
package dev.hangar.marketplace.audit;
