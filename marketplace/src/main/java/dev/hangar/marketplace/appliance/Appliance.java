package dev.hangar.marketplace.appliance;

import dev.hangar.marketplace.publisher.Publisher;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** A named appliance of one publisher; its bytes live in its versions. */
@Entity
public class Appliance {
  @Id public UUID id;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "publisher_id")
  public Publisher publisher;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String summary;

  @Column(nullable = false)
  public String description;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Visibility visibility = Visibility.PUBLIC;

  /** SHA-256 of the logo's bytes (held in {@link ApplianceLogo}); null without a logo. */
  @Column(name = "logo_digest")
  public String logoDigest;

  /** Media type of the logo, as Tika detected it. */
  @Column(name = "logo_type")
  public String logoType;

  /** Optimistic-lock revision; the API's ETag. */
  @Version
  @Column(nullable = false)
  public long revision;

  /**
   * What search words are matched against: name, summary, description and tags, lower-cased, one
   * per line (a word never spans two). Kept by {@link #refreshSearchText()}; on PostgreSQL a
   * trigram index serves the substring matches.
   */
  @Column(name = "search_text", nullable = false)
  public String searchText = "";

  @ElementCollection
  @CollectionTable(name = "appliance_tag", joinColumns = @JoinColumn(name = "appliance_id"))
  @Column(name = "tag")
  public Set<String> tags = new TreeSet<>();

  @ElementCollection
  @CollectionTable(name = "appliance_category", joinColumns = @JoinColumn(name = "appliance_id"))
  @Column(name = "category")
  public Set<String> categories = new TreeSet<>();

  /** Publishers that may see a {@link Visibility#SHARED} appliance. */
  @ManyToMany
  @JoinTable(
      name = "appliance_share",
      joinColumns = @JoinColumn(name = "appliance_id"),
      inverseJoinColumns = @JoinColumn(name = "publisher_id"))
  public Set<Publisher> sharedWith = new HashSet<>();

  /** Recomputes {@link #searchText}; call after changing the name, summary, description or tags. */
  public void refreshSearchText() {
    searchText = searchText(name, summary, description, tags);
  }

  /** The {@link #searchText} of an appliance with these fields. */
  public static String searchText(
      String name, String summary, String description, Collection<String> tags) {
    StringBuilder text = new StringBuilder(name).append('\n').append(summary).append('\n');
    text.append(description == null ? "" : description);
    for (String tag : tags) {
      text.append('\n').append(tag);
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }
}
