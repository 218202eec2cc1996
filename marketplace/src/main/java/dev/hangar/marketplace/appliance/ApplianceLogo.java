package dev.hangar.marketplace.appliance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The logo image of an appliance; its digest and type are also on {@link Appliance}. */
@Entity
@Table(name = "appliance_logo")
public class ApplianceLogo {
  @Id
  @Column(name = "appliance_id")
  public UUID applianceId;

  @Column(name = "media_type", nullable = false)
  public String mediaType;

  @Column(nullable = false)
  public byte[] content;
}
