package dev.hangar.builder.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An appliance named on the command line: {@code publisher/name} with an optional {@code @version}.
 *
 * @param publisher the publisher's name
 * @param name the appliance's name
 * @param version a version, or null for the latest published one
 */
record ApplianceRef(String publisher, String name, String version) {
  private static final Pattern FORM =
      Pattern.compile("([a-z0-9][a-z0-9._-]*)/([a-z0-9][a-z0-9._-]*)(?:@([0-9A-Za-z.+-]+))?");

  /** Parses {@code publisher/name[@version]}; fails with a usage error naming the form. */
  static ApplianceRef parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new CliException(
          ExitCodes.USAGE,
          "expected publisher/appliance[@version], e.g. acme/hello@1.0.0, got '" + text + "'");
    }
    return new ApplianceRef(m.group(1), m.group(2), m.group(3));
  }

  @Override
  public String toString() {
    return publisher + "/" + name + (version == null ? "" : "@" + version);
  }
}
