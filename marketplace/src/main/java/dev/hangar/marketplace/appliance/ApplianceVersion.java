package dev.hangar.marketplace.appliance;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One version of an appliance: boot files, requirements and an ordered list of partitions. */
@Entity
@Table(name = "appliance_version")
public class ApplianceVersion {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "appliance_id")
  public Appliance appliance;

  @Column(nullable = false)
  public String version;

  @Column(nullable = false)
  public String channel;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public VersionStatus status;

  @Column(nullable = false)
  public String arch;

  @Column(nullable = false)
  public int vcpus;

  @Column(name = "memory_mib", nullable = false)
  public int memoryMib;

  @Column(nullable = false)
  public String cmdline;

  @Column(name = "kernel_digest", nullable = false)
  public String kernelDigest;

  @Column(name = "kernel_size", nullable = false)
  public long kernelSize;

  @Column(name = "initrd_digest", nullable = false)
  public String initrdDigest;

  @Column(name = "initrd_size", nullable = false)
  public long initrdSize;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "published_at")
  public OffsetDateTime publishedAt;

  @Column(name = "release_notes", nullable = false)
  public String releaseNotes = "";

  /** Comma-separated libvirt domain types the version runs on, e.g. {@code qemu,kvm}. */
  @Column(nullable = false)
  public String hypervisors = "qemu,kvm";

  @Enumerated(EnumType.STRING)
  @Column(name = "boot_mode", nullable = false)
  public BootMode bootMode = BootMode.DIRECT_KERNEL;

  /** The context-parameter schema (a JSON Schema subset) as JSON text. */
  @Column(name = "context_schema", nullable = false)
  public String contextSchema = "{}";

  /**
   * Standard appliance components applied to every deployment's seed, comma-separated in order
   * ({@code ""} for none); see {@link #componentNames()}.
   */
  @Column(nullable = false)
  public String components = "";

  /** The component names in the order they are applied. */
  public List<String> componentNames() {
    return components.isEmpty() ? List.of() : List.of(components.split(","));
  }

  /** When the status last changed (deprecated or revoked). */
  @Column(name = "status_changed_at")
  public OffsetDateTime statusChangedAt;

  @OneToMany(mappedBy = "version", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("position")
  public List<VersionPartition> partitions = new ArrayList<>();
}
