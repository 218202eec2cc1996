package dev.hangar.context;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the items of one supported {@code #cloud-config} key of {@link UserData} into the typed
 * model; every error names the item, e.g. {@code userData.write_files[2].owner}.
 */
final class UserDataItems {
  private static final Set<String> USER_KEYS =
      Set.of("name", "sudo", "shell", "lock_passwd", "ssh_authorized_keys");
  private static final Set<String> FILE_KEYS =
      Set.of("path", "content", "encoding", "permissions", "owner", "append", "defer");
  private static final Set<String> FS_KEYS =
      Set.of("label", "filesystem", "device", "partition", "overwrite");
  private static final String PASSWORDLESS_SUDO = "ALL=(ALL) NOPASSWD:ALL";

  private UserDataItems() {}

  static List<String> keys(String at, JsonNode value) {
    List<String> keys = new ArrayList<>();
    List<JsonNode> items = list(at, value);
    for (int i = 0; i < items.size(); i++) {
      keys.add(Fields.sshKey(at + "[" + i + "]", text(at + "[" + i + "]", items.get(i))));
    }
    return keys;
  }

  static List<UserSpec> users(String at, JsonNode value) {
    return each(
        at,
        value,
        (item, where) -> {
          if (item.isTextual() && item.asText().equals("default")) {
            return null; // the image's default user (root) exists already
          }
          object(where, item, USER_KEYS);
          String name = text(where + ".name", item.get("name"));
          JsonNode sudo = item.get("sudo");
          boolean mayRoot = false;
          if (sudo != null && !(sudo.isBoolean() && !sudo.asBoolean())) {
            if (!(sudo.isTextual() && sudo.asText().equals(PASSWORDLESS_SUDO))) {
              throw new InvalidSeedException(
                  where + ".sudo", "must be false or \"" + PASSWORDLESS_SUDO + "\"");
            }
            mayRoot = true;
          }
          JsonNode lock = item.get("lock_passwd");
          if (lock != null && !(lock.isBoolean() && lock.asBoolean())) {
            throw new InvalidSeedException(
                where + ".lock_passwd", "must be true: accounts are reached by SSH key only");
          }
          String shell = item.has("shell") ? text(where + ".shell", item.get("shell")) : "/bin/sh";
          List<String> userKeys =
              item.has("ssh_authorized_keys")
                  ? keys(where + ".ssh_authorized_keys", item.get("ssh_authorized_keys"))
                  : List.of();
          return new UserSpec(name, mayRoot, shell, userKeys);
        });
  }

  static List<FileSpec> files(String at, JsonNode value) {
    return each(
        at,
        value,
        (item, where) -> {
          object(where, item, FILE_KEYS);
          String encoding =
              item.has("encoding") ? text(where + ".encoding", item.get("encoding")) : "text/plain";
          FileSpec.Encoding coding =
              switch (encoding) {
                case "text/plain" -> FileSpec.Encoding.TEXT;
                case "b64", "base64" -> FileSpec.Encoding.BASE64;
                default ->
                    throw new InvalidSeedException(
                        where + ".encoding", "must be text/plain, b64 or base64");
              };
          return new FileSpec(
              text(where + ".path", item.get("path")),
              item.has("content") ? text(where + ".content", item.get("content")) : "",
              coding,
              item.has("permissions")
                  ? quotedOctal(where + ".permissions", item.get("permissions"))
                  : "0644",
              item.has("owner") ? text(where + ".owner", item.get("owner")) : "root:root",
              bool(where + ".append", item.get("append")),
              bool(where + ".defer", item.get("defer")));
        });
  }

  static List<RunCommand> commands(String at, JsonNode value) {
    return each(
        at,
        value,
        (item, where) -> {
          if (item.isTextual()) {
            return RunCommand.of("sh", "-c", item.asText());
          }
          if (!item.isArray()) {
            // e.g. an unquoted "echo a: b", which YAML reads as a mapping
            throw new InvalidSeedException(
                where, "must be a string or a list of strings (quote a command holding ': ')");
          }
          List<String> argv = new ArrayList<>();
          List<JsonNode> words = list(where, item);
          for (int i = 0; i < words.size(); i++) {
            argv.add(text(where + "[" + i + "]", words.get(i)));
          }
          return new RunCommand(argv);
        });
  }

  static List<MountSpec> mounts(String at, JsonNode value) {
    return each(
        at,
        value,
        (item, where) -> {
          List<JsonNode> fields = list(where, item);
          if (fields.size() < 2 || fields.size() > 6) {
            throw new InvalidSeedException(
                where, "must be [device, mountpoint, fstype, options, freq, passno], 2 to 6 items");
          }
          return new MountSpec(
              text(where + "[0]", fields.get(0)),
              text(where + "[1]", fields.get(1)),
              fields.size() > 2 ? text(where + "[2]", fields.get(2)) : "auto",
              fields.size() > 3 ? text(where + "[3]", fields.get(3)) : "defaults,nofail");
        });
  }

  static List<FsSetupSpec> fileSystems(String at, JsonNode value) {
    return each(
        at,
        value,
        (item, where) -> {
          object(where, item, FS_KEYS);
          if (item.has("partition") && !"none".equals(item.get("partition").asText())) {
            throw new InvalidSeedException(
                where + ".partition", "must be none: file systems go on whole blank devices");
          }
          if (bool(where + ".overwrite", item.get("overwrite"))) {
            throw new InvalidSeedException(
                where + ".overwrite", "must be false: an existing file system is kept");
          }
          return new FsSetupSpec(
              text(where + ".label", item.get("label")),
              text(where + ".filesystem", item.get("filesystem")),
              text(where + ".device", item.get("device")));
        });
  }

  /** Reads every item of list {@code value}; items read as null are left out. */
  private static <T> List<T> each(String at, JsonNode value, Reader<T> reader) {
    List<T> out = new ArrayList<>();
    List<JsonNode> items = list(at, value);
    for (int i = 0; i < items.size(); i++) {
      String where = at + "[" + i + "]";
      T item;
      try {
        item = reader.read(items.get(i), where);
      } catch (InvalidSeedException e) {
        if (e.field().startsWith(where)) {
          throw e;
        }
        // The typed model names its own field (e.g. write_files[/etc/x].owner): keep its last part.
        String field = e.field();
        int dot = field.lastIndexOf('.');
        throw new InvalidSeedException(
            dot < 0 ? where : where + field.substring(dot),
            e.getMessage().substring(field.length() + 1));
      }
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private static List<JsonNode> list(String at, JsonNode value) {
    if (value == null || !value.isArray()) {
      throw new InvalidSeedException(at, "must be a list");
    }
    List<JsonNode> items = new ArrayList<>();
    value.forEach(items::add);
    return items;
  }

  private static void object(String at, JsonNode item, Set<String> allowed) {
    if (!item.isObject()) {
      throw new InvalidSeedException(at, "must be a mapping");
    }
    List<String> unknown = UserData.unknownMembers(item, allowed);
    if (!unknown.isEmpty()) {
      throw new InvalidSeedException(
          at + "." + unknown.get(0), "is not supported; supported: " + new TreeSet<>(allowed));
    }
  }

  private static String text(String at, JsonNode value) {
    if (value == null || value.isNull()) {
      throw new InvalidSeedException(at, "is required");
    }
    if (!value.isValueNode() || value.isBinary()) {
      throw new InvalidSeedException(at, "must be a string");
    }
    return value.asText();
  }

  private static boolean bool(String at, JsonNode value) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidSeedException(at, "must be true or false");
    }
    return value.asBoolean();
  }

  private static String quotedOctal(String at, JsonNode value) {
    if (!value.isTextual()) {
      // YAML 1.1 reads an unquoted 0644 as the number 420, 644 as 644: neither is what was meant.
      throw new InvalidSeedException(at, "must be a quoted octal string like '0644'");
    }
    return value.asText();
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(JsonNode item, String where);
  }
}
