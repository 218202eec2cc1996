package dev.hangar.context;

/**
 * {@code hostname}: makes the host name resolvable on the VM itself ({@code 127.0.1.1} in {@code
 * /etc/hosts}) and, given {@code DOMAIN}, sets the FQDN to {@code <hostname>.<DOMAIN>}.
 */
public final class HostnameComponent implements Component {
  @Override
  public String name() {
    return "hostname";
  }

  @Override
  public void contribute(ComponentContext context, CloudConfigBuilder config) {
    context
        .optional("DOMAIN")
        .ifPresent(
            domain -> {
              if (!Fields.HOSTNAME.matcher(domain).matches()) {
                throw context.problem("DOMAIN", "must be a lower-case DNS domain");
              }
              config.fqdn(context.hostname() + "." + domain);
            });
    config.manageEtcHosts();
  }
}
