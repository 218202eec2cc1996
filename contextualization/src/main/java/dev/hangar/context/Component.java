package dev.hangar.context;

/**
 * A reusable piece of appliance contextualization, such as SSH access or an NFS mount, that adds to
 * a seed's cloud-config from the request's parameters. Components are stateless and composable:
 * several contribute to one {@link CloudConfigBuilder}, which rejects contradicting contributions.
 */
public interface Component {
  /** The name appliances use to ask for this component, e.g. {@code nfs-mount}. */
  String name();

  /**
   * Adds this component's cloud-config for the VM described by {@code context}.
   *
   * @throws InvalidSeedException if a parameter it needs is missing or malformed
   */
  void contribute(ComponentContext context, CloudConfigBuilder config);
}
