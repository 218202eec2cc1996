package dev.hangar.context;

import java.util.List;

/**
 * One command cloud-init runs once on the first boot ({@code runcmd}), as an argument vector so no
 * shell re-splits or interprets it; use {@code sh -c} explicitly when a shell is wanted.
 *
 * @param argv the program followed by its arguments; non-empty, no NUL
 */
public record RunCommand(List<String> argv) {
  /** Rejects an empty vector or an argument holding NUL. */
  public RunCommand {
    argv = List.copyOf(Fields.require("runcmd", argv));
    if (argv.isEmpty()) {
      throw new InvalidSeedException("runcmd", "must name a program");
    }
    for (int i = 0; i < argv.size(); i++) {
      Fields.noNul("runcmd[" + i + "]", argv.get(i));
    }
  }

  public static RunCommand of(String... argv) {
    return new RunCommand(List.of(argv));
  }
}
