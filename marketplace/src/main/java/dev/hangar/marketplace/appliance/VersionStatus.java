package dev.hangar.marketplace.appliance;

/** Life cycle of an appliance version: DRAFT → PUBLISHED → DEPRECATED → REVOKED. */
public enum VersionStatus {
  DRAFT,
  PUBLISHED,
  DEPRECATED,
  REVOKED
}
