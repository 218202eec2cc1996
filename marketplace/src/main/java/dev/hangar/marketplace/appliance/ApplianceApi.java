package dev.hangar.marketplace.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The JSON documents of the appliance API; entities never leave the server. */
public final class ApplianceApi {
  private ApplianceApi() {}

  /** Request body that creates an appliance. */
  public record CreateAppliance(
      @NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String publisher,
      @NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String name,
      @NotBlank @Size(max = 300) String summary,
      @Size(max = 100000) String description,
      @Size(max = 8)
          List<@NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String> categories,
      @Size(max = 32)
          List<@NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String> tags,
      Visibility visibility,
      @Size(max = 100)
          List<@NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String>
              sharedWith) {}

  /** Request body that replaces an appliance's metadata (send the ETag in If-Match). */
  public record UpdateAppliance(
      @NotBlank @Size(max = 300) String summary,
      @Size(max = 100000) String description,
      @Size(max = 8)
          List<@NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String> categories,
      @Size(max = 32)
          List<@NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String> tags,
      @NotNull Visibility visibility,
      @Size(max = 100)
          List<@NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String>
              sharedWith) {}

  /**
   * An appliance with the versions a caller may see. {@code description} is the markdown as
   * written; {@code descriptionHtml} is it rendered with raw HTML escaped and unsafe link targets
   * dropped, safe to insert into a page. {@code logo} is the logo's URL, or null.
   */
  public record ApplianceDto(
      UUID id,
      String publisher,
      String name,
      String summary,
      String description,
      String descriptionHtml,
      String logo,
      OffsetDateTime createdAt,
      String latestVersion,
      List<String> categories,
      List<String> tags,
      Visibility visibility,
      List<String> sharedWith,
      long revision,
      List<VersionSummary> versions) {}

  /** A line of an appliance's version list. */
  public record VersionSummary(
      String version, String channel, VersionStatus status, OffsetDateTime publishedAt) {}

  /** A file referenced by digest, e.g. the kernel. */
  public record FileRef(
      @NotNull
          @Pattern(regexp = Names.DIGEST, message = "must be sha256: and 64 lower-case hex digits")
          String digest,
      @Positive long size) {}

  /** Direct kernel boot: kernel, initrd and command line. */
  public record Boot(
      @NotNull @Valid FileRef kernel,
      @NotNull @Valid FileRef initrd,
      @NotBlank @Size(max = 1024) String cmdline) {}

  /** What a node must offer to run the appliance. */
  public record Requirements(
      @Pattern(regexp = "x86_64|aarch64", message = "must be x86_64 or aarch64") String arch,
      @Min(1) @Max(64) int vcpus,
      @Min(32) @Max(1048576) int memoryMiB,
      @Size(max = 4)
          List<
                  @NotNull
                  @Pattern(
                      regexp = "qemu|kvm|xen|vmware",
                      message = "must be qemu, kvm, xen or vmware")
                  String>
              hypervisors,
      BootMode bootMode) {}

  /** One partition of a version, in the order it is attached (vda, vdb, ...). */
  public record PartitionSpec(
      @NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String label,
      @NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String role,
      @NotNull PartitionKind kind,
      @NotBlank @Pattern(regexp = "ext4|swap|raw", message = "must be ext4, swap or raw")
          String filesystem,
      @Positive long sizeBytes,
      @Pattern(regexp = Names.DIGEST, message = "must be sha256: and 64 lower-case hex digits")
          String digest) {}

  /** Request body that creates a draft version. */
  public record CreateVersion(
      @NotBlank
          @Pattern(regexp = Names.SEMVER, message = "must be a semantic version such as 1.0.0")
          String version,
      @Pattern(regexp = Names.NAME, message = Names.NAME_RULE) String channel,
      @NotNull @Valid Boot boot,
      @NotNull @Valid Requirements requirements,
      @NotNull @Size(max = 26) List<@NotNull @Valid PartitionSpec> partitions,
      @Size(max = 100000) String releaseNotes,
      JsonNode contextSchema,
      @Size(max = 20) List<String> components) {}

  /** A version with everything needed to deploy it. */
  public record VersionDto(
      UUID id,
      UUID applianceId,
      String version,
      String channel,
      VersionStatus status,
      OffsetDateTime createdAt,
      OffsetDateTime publishedAt,
      Boot boot,
      Requirements requirements,
      List<PartitionSpec> partitions,
      String releaseNotes,
      JsonNode contextSchema,
      List<String> components,
      OffsetDateTime statusChangedAt,
      List<PartitionLayout> layouts) {}

  /** Where an imported partition came from: the label it has in the version and the disk. */
  public record PartitionLayout(String label, DiskLayout disk) {}

  /**
   * The image a partition was imported from: its format, virtual size and partition table.
   *
   * @param sourceFormat format detected on upload (QCOW2, VMDK, RAW, ...)
   * @param virtualSize size in bytes of the disk the image held
   * @param scheme GPT, MBR or NONE
   * @param extractedFrom the table index this partition was extracted from; null for the whole disk
   * @param table every partition of the disk's table
   */
  public record DiskLayout(
      String sourceFormat,
      long virtualSize,
      String scheme,
      Integer extractedFrom,
      List<TableEntry> table) {}

  /**
   * One partition of an imported disk's GPT or MBR table.
   *
   * @param index 1-based slot in the table
   * @param start byte offset in the disk
   * @param size size in bytes
   * @param type GPT type GUID or MBR type byte as {@code 0x83}
   * @param name GPT partition name ("" for MBR)
   * @param filesystem file system found by its superblock (EXT4, SWAP, VFAT, XFS, UNKNOWN, ...)
   */
  public record TableEntry(
      int index, long start, long size, String type, String name, String filesystem) {}
}
