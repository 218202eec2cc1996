package dev.hangar.context;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP call the guest makes once cloud-init finished ({@code phone_home}): a POST of its
 * instance id and host name to {@code url} with the per-VM {@code token} as query parameter {@code
 * token}, so the deployer knows the VM is ready and that the call came from that VM.
 *
 * @param url absolute http or https URL without fragment
 * @param token per-VM secret; hidden by {@link #toString()}
 * @param tries how many times cloud-init tries, 1-100
 */
public record ReadyCallback(String url, Secret token, int tries) {
  /** Validates every field; {@link InvalidSeedException#field()} names the offending one. */
  public ReadyCallback {
    Fields.singleLine("phone_home.url", url);
    Fields.require("phone_home.token", token);
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getFragment() != null) {
        throw new InvalidSeedException("phone_home.url", "must be an http(s) URL with a host");
      }
    } catch (URISyntaxException e) {
      throw new InvalidSeedException("phone_home.url", "is not a URL: " + e.getReason());
    }
    if (tries < 1 || tries > 100) {
      throw new InvalidSeedException("phone_home.tries", "must be between 1 and 100");
    }
  }

  /** The URL the guest calls, token included. */
  public String urlWithToken() {
    return url
        + (url.contains("?") ? "&" : "?")
        + "token="
        + URLEncoder.encode(token.value(), StandardCharsets.UTF_8);
  }

  Map<String, Object> toCloudConfig() {
    Map<String, Object> phoneHome = new LinkedHashMap<>();
    phoneHome.put("url", urlWithToken());
    phoneHome.put("post", List.of("instance_id", "hostname"));
    phoneHome.put("tries", tries);
    return phoneHome;
  }
}
