package dev.hangar.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A caller's own user-data for one VM (cloud-init's convention: a {@code #cloud-config} document or
 * a {@code #!} script), checked against the subset the guest agent applies and added after the
 * appliance's components. Thread-safe.
 *
 * <p>Supported {@code #cloud-config} keys: {@code ssh_authorized_keys}, {@code users}, {@code
 * write_files}, {@code runcmd}, {@code mounts} and {@code fs_setup}. The host name, the ready
 * callback and {@code /etc/hosts} belong to the deployment and are refused here, as is anything the
 * agent would ignore, so nothing a caller asks for is silently dropped. A script is written to
 * {@value #SCRIPT_PATH} and run once, after the components' commands.
 *
 * <p>Errors are {@link InvalidSeedException}s whose field starts with {@code userData}, e.g. {@code
 * userData.write_files[0].permissions}.
 */
public final class UserData {
  /** The most bytes (UTF-8) of user-data a deployment may carry, as OpenStack Nova allows. */
  public static final int MAX_BYTES = 65_535;

  static final String SCRIPT_PATH = "/var/lib/hangar/user-data-script";
  private static final String FIELD = "userData";
  private static final List<String> SUPPORTED =
      List.of("ssh_authorized_keys", "users", "write_files", "runcmd", "mounts", "fs_setup");
  private static final Map<String, String> OWNED =
      Map.of(
          "hostname", "is set with the deployment's hostname field",
          "fqdn", "is set with the deployment's hostname field",
          "preserve_hostname", "is set with the deployment's hostname field",
          "manage_etc_hosts", "is managed by the deployer",
          "phone_home", "is the deployer's ready callback");
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private UserData() {}

  /**
   * {@code request} with {@code userData}'s users, keys, files, commands, mounts and file systems
   * added after what it already carries; unchanged when {@code userData} is null or blank.
   *
   * @throws InvalidSeedException naming the offending {@code userData...} field, including an entry
   *     that clashes with one a component made (same file path, mount point or device)
   */
  public static SeedRequest apply(SeedRequest request, String userData) {
    if (userData == null || userData.isBlank()) {
      return request;
    }
    CloudConfigBuilder config = request.cloudConfig().toBuilder();
    addTo(config, userData);
    try {
      return request.withCloudConfig(config.build());
    } catch (InvalidSeedException e) {
      throw new InvalidSeedException(
          FIELD + "." + e.field(),
          e.getMessage().substring(e.field().length() + 1) + " (with the appliance's components)");
    }
  }

  private static void addTo(CloudConfigBuilder config, String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new InvalidSeedException(FIELD, "must be at most " + MAX_BYTES + " bytes");
    }
    Fields.noNul(FIELD, text);
    if (text.startsWith("#!")) {
      config.addFile(
          new FileSpec(
              SCRIPT_PATH, text, FileSpec.Encoding.TEXT, "0700", "root:root", false, false));
      config.addRunCommand(RunCommand.of(SCRIPT_PATH));
      return;
    }
    if (!text.startsWith("#cloud-config")) {
      throw new InvalidSeedException(
          FIELD, "must start with #cloud-config or be a script starting with #!");
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidSeedException(FIELD, "is not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return; // only the header
    }
    if (!root.isObject()) {
      throw new InvalidSeedException(FIELD, "must be a YAML mapping of cloud-config keys");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      String at = FIELD + "." + key;
      if (OWNED.containsKey(key)) {
        throw new InvalidSeedException(at, OWNED.get(key));
      }
      JsonNode value = entry.getValue();
      switch (key) {
        case "ssh_authorized_keys" -> config.addDefaultUserKeys(UserDataItems.keys(at, value));
        case "users" -> UserDataItems.users(at, value).forEach(config::addUser);
        case "write_files" -> UserDataItems.files(at, value).forEach(config::addFile);
        case "runcmd" -> UserDataItems.commands(at, value).forEach(config::addRunCommand);
        case "mounts" -> UserDataItems.mounts(at, value).forEach(config::addMount);
        case "fs_setup" -> UserDataItems.fileSystems(at, value).forEach(config::addFsSetup);
        default ->
            throw new InvalidSeedException(
                at, "is not applied by the guest agent; supported keys: " + SUPPORTED);
      }
    }
  }

  /** The names of {@code node}'s members that are not in {@code allowed}, in document order. */
  static List<String> unknownMembers(JsonNode node, Set<String> allowed) {
    List<String> unknown = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            n -> {
              if (!allowed.contains(n)) {
                unknown.add(n);
              }
            });
    return unknown;
  }
}
