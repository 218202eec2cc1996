package dev.hangar.marketplace.account;

import dev.hangar.marketplace.publisher.Publisher;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A person or automation account; publishers act for exactly one publisher. */
@Entity
@Table(name = "app_user")
public class AppUser {
  @Id public UUID id;

  @Column(nullable = false, unique = true)
  public String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Role role;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "publisher_id")
  public Publisher publisher;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;
}
