package dev.hangar.marketplace.appliance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.UUID;

/** A partition of a version; attached to the VM as block device number {@link #position}. */
@Entity
@Table(name = "version_partition")
public class VersionPartition {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "version_id")
  public ApplianceVersion version;

  @Column(nullable = false)
  public int position;

  @Column(nullable = false)
  public String label;

  @Column(nullable = false)
  public String role;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public PartitionKind kind;

  @Column(nullable = false)
  public String filesystem;

  @Column(name = "size_bytes", nullable = false)
  public long sizeBytes;

  /** SHA-256 of the partition's bytes; null for {@link PartitionKind#EMPTY}. */
  public String digest;

  /**
   * JSON of the {@link ApplianceApi.DiskLayout} of the image this partition was imported from; null
   * for partitions uploaded as they are.
   */
  @Column(name = "source_layout")
  public String sourceLayout;
}
