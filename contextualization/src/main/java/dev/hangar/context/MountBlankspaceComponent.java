package dev.hangar.context;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mount-blankspace}: formats each blank disk of the appliance on first boot and mounts it.
 * {@code BLANKSPACES} lists them comma-separated as {@code device:mountpoint[:filesystem]}, e.g.
 * {@code /dev/vdb:/data:ext4,/dev/vdc:/scratch}; the file system defaults to ext4 and is labelled
 * {@code bs-<device name>}.
 */
public final class MountBlankspaceComponent implements Component {
  private static final Pattern ENTRY = Pattern.compile("(/dev/[^:,]+):(/[^:,]*)(?::([a-z0-9]+))?");
  private static final String OPTIONS = "defaults,nofail";

  @Override
  public String name() {
    return "mount-blankspace";
  }

  @Override
  public void contribute(ComponentContext context, CloudConfigBuilder config) {
    Set<String> labels = new HashSet<>();
    for (String entry : context.require("BLANKSPACES").split(",", -1)) {
      Matcher m = ENTRY.matcher(entry.strip());
      if (!m.matches()) {
        throw context.problem(
            "BLANKSPACES", "entry '" + entry + "' is not device:mountpoint[:filesystem]");
      }
      String device = m.group(1);
      String filesystem = m.group(3) == null ? "ext4" : m.group(3);
      String label = "bs-" + device.substring(device.lastIndexOf('/') + 1);
      if (!labels.add(label)) {
        throw context.problem("BLANKSPACES", "names device " + device + " twice");
      }
      config.addFsSetup(new FsSetupSpec(label, filesystem, device));
      config.addMount(new MountSpec(device, m.group(2), filesystem, OPTIONS));
    }
  }
}
