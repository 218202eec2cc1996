package dev.hangar.marketplace.publisher;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A publisher as the API shows it. */
public record PublisherDto(UUID id, String name, String displayName, OffsetDateTime createdAt) {
  static PublisherDto of(Publisher p) {
    return new PublisherDto(p.id, p.name, p.displayName, p.createdAt);
  }
}
