package dev.hangar.context;

/**
 * {@code ready-callback}: when cloud-init has finished, the VM POSTs its instance id and host name
 * to {@code READY_URL} with the per-VM token {@code READY_TOKEN} (which must be a secret
 * parameter), trying {@code READY_TRIES} times (default 10).
 */
public final class ReadyCallbackComponent implements Component {
  @Override
  public String name() {
    return "ready-callback";
  }

  @Override
  public void contribute(ComponentContext context, CloudConfigBuilder config) {
    String tries = context.optional("READY_TRIES", "10");
    if (!tries.matches("[1-9][0-9]{0,2}")) {
      throw context.problem("READY_TRIES", "must be a number from 1 to 100");
    }
    Secret token = context.requireSecret("READY_TOKEN");
    String url = context.require("READY_URL");
    ReadyCallback callback;
    try {
      callback = new ReadyCallback(url, token, Integer.parseInt(tries));
    } catch (InvalidSeedException e) {
      String parameter = e.field().equals("phone_home.tries") ? "READY_TRIES" : "READY_URL";
      throw context.problem(parameter, e.getMessage());
    }
    config.readyCallback(callback);
  }
}
