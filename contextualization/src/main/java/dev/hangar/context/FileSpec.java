package dev.hangar.context;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A file cloud-init writes into the guest ({@code write_files}). Its content is never shown by
 * {@link #toString()}, since files may carry keys or tokens.
 *
 * @param path absolute path in the guest
 * @param content the text, or for {@link Encoding#BASE64} the base64 of the bytes
 * @param encoding how {@code content} is encoded in the seed
 * @param permissions octal mode such as {@code 0644}
 * @param owner {@code user} or {@code user:group}
 * @param append whether to append to an existing file rather than replace it
 * @param defer whether to write the file in cloud-init's final stage, after users exist
 */
public record FileSpec(
    String path,
    String content,
    Encoding encoding,
    String permissions,
    String owner,
    boolean append,
    boolean defer) {
  private static final Pattern PERMISSIONS = Pattern.compile("0[0-7]{3,4}");
  private static final Pattern OWNER =
      Pattern.compile("[a-z_][a-z0-9_-]{0,31}(:[a-z_][a-z0-9_-]{0,31})?");

  /** How the content travels in the seed. */
  public enum Encoding {
    /** Plain text, written as is. */
    TEXT,
    /** Base64 of arbitrary bytes, decoded by cloud-init ({@code encoding: b64}). */
    BASE64
  }

  /** Validates every field; {@link InvalidSeedException#field()} names the offending one. */
  public FileSpec {
    Fields.absolutePath("write_files.path", path);
    String at = "write_files[" + path + "]";
    Fields.require(at + ".encoding", encoding);
    Fields.noNul(at + ".content", content);
    if (encoding == Encoding.BASE64) {
      try {
        Base64.getDecoder().decode(content);
      } catch (IllegalArgumentException e) {
        throw new InvalidSeedException(at + ".content", "is not valid base64");
      }
    }
    Fields.matching(at + ".permissions", permissions, PERMISSIONS, "must be octal like 0644");
    Fields.matching(at + ".owner", owner, OWNER, "must be user or user:group");
  }

  /** A text file owned by root with mode 0644. */
  public static FileSpec text(String path, String content) {
    return new FileSpec(path, content, Encoding.TEXT, "0644", "root:root", false, false);
  }

  /** A binary file owned by root with mode 0644; the bytes travel base64-encoded. */
  public static FileSpec binary(String path, byte[] bytes) {
    return new FileSpec(
        path,
        Base64.getEncoder().encodeToString(bytes),
        Encoding.BASE64,
        "0644",
        "root:root",
        false,
        false);
  }

  public FileSpec withPermissions(String newPermissions) {
    return new FileSpec(path, content, encoding, newPermissions, owner, append, defer);
  }

  public FileSpec withOwner(String newOwner) {
    return new FileSpec(path, content, encoding, permissions, newOwner, append, defer);
  }

  /** This file appended to, rather than replacing, what the image already holds at its path. */
  public FileSpec appending() {
    return new FileSpec(path, content, encoding, permissions, owner, true, defer);
  }

  /** This file written after cloud-init created users, as needed when a created user owns it. */
  public FileSpec deferred() {
    return new FileSpec(path, content, encoding, permissions, owner, append, true);
  }

  /** The bytes the guest will hold (for appended files: the bytes appended). */
  public byte[] bytes() {
    return encoding == Encoding.BASE64
        ? Base64.getDecoder().decode(content)
        : content.getBytes(StandardCharsets.UTF_8);
  }

  Map<String, Object> toCloudConfig() {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("path", path);
    file.put("content", content);
    if (encoding == Encoding.BASE64) {
      file.put("encoding", "b64");
    }
    file.put("permissions", permissions);
    file.put("owner", owner);
    if (append) {
      file.put("append", true);
    }
    if (defer) {
      file.put("defer", true);
    }
    return file;
  }

  @Override
  public String toString() {
    return "FileSpec[path="
        + path
        + ", content=<"
        + content.length()
        + " chars hidden>, encoding="
        + encoding
        + ", permissions="
        + permissions
        + ", owner="
        + owner
        + ", append="
        + append
        + ", defer="
        + defer
        + "]";
  }
}
