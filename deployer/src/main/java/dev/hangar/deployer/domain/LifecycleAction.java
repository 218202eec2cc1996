package dev.hangar.deployer.domain;

/** What libvirt does when the guest powers off, reboots or crashes. */
public enum LifecycleAction {
  DESTROY("destroy"),
  RESTART("restart"),
  PRESERVE("preserve");

  private final String xmlValue;

  LifecycleAction(String xmlValue) {
    this.xmlValue = xmlValue;
  }

  /** The text of {@code <on_poweroff>} and friends. */
  public String xmlValue() {
    return xmlValue;
  }
}
