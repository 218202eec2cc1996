package dev.hangar.deployer.domain;

import java.util.Objects;

/**
 * The domain's first serial port, exposed as a pty and mirrored to a log file on the node.
 *
 * <p>Why pty + {@code <log>} rather than {@code type='file'}: the pty keeps {@code virsh console}
 * usable for interactive debugging, while virtlogd (running as root) writes the log, so QEMU's
 * unprivileged user needs no write access to the log directory and the log survives QEMU exiting.
 * {@code append='off'} truncates it on every start, so one log holds exactly one boot. The cost is
 * that virtlogd must be running on the node.
 *
 * @param logFile node path of the log file
 */
public record SerialConsole(String logFile) {
  /** Rejects a missing path. */
  public SerialConsole {
    Objects.requireNonNull(logFile, "logFile");
  }
}
