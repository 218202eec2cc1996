package dev.hangar.deployer.libvirt;

import org.libvirt.DomainInfo.DomainState;

/** Run state of a defined domain, as libvirt reports it. */
public enum VmState {
  NO_STATE,
  RUNNING,
  BLOCKED,
  PAUSED,
  SHUTTING_DOWN,
  SHUT_OFF,
  CRASHED;

  static VmState of(DomainState state) {
    return switch (state) {
      case VIR_DOMAIN_NOSTATE -> NO_STATE;
      case VIR_DOMAIN_RUNNING -> RUNNING;
      case VIR_DOMAIN_BLOCKED -> BLOCKED;
      case VIR_DOMAIN_PAUSED -> PAUSED;
      case VIR_DOMAIN_SHUTDOWN -> SHUTTING_DOWN;
      case VIR_DOMAIN_SHUTOFF -> SHUT_OFF;
      case VIR_DOMAIN_CRASHED -> CRASHED;
    };
  }
}
