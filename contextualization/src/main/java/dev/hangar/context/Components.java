package dev.hangar.context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Resolves component names to {@link Component}s and applies them to seed requests. */
public final class Components {
  private final Map<String, Component> byName;

  /**
   * A registry of {@code components}.
   *
   * @throws IllegalArgumentException if two share a name
   */
  public Components(List<Component> components) {
    Map<String, Component> map = new LinkedHashMap<>();
    for (Component component : components) {
      if (map.put(component.name(), component) != null) {
        throw new IllegalArgumentException("two components are named " + component.name());
      }
    }
    this.byName = Collections.unmodifiableMap(map);
  }

  /** The standard appliance components documented in {@code COMPONENTS.md}. */
  public static Components standard() {
    return new Components(
        List.of(
            new SshAccessComponent(),
            new HostnameComponent(),
            new MountBlankspaceComponent(),
            new NfsExportComponent(),
            new NfsMountComponent(),
            new ClusterPeerHostsComponent(),
            new ReadyCallbackComponent()));
  }

  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * Checks a list of component names as an appliance declares it: every name known, none twice.
   * Returns one message per offending entry keyed by its field, {@code components[<index>]}, in
   * list order; empty when the list is fine.
   */
  public Map<String, String> problems(List<String> names) {
    Map<String, String> problems = new LinkedHashMap<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String field = "components[" + i + "]";
      if (name == null || !byName.containsKey(name)) {
        problems.put(
            field,
            "'" + name + "' is not a standard component (known: " + new TreeSet<>(names()) + ")");
      } else if (!seen.add(name)) {
        problems.put(field, "'" + name + "' is named twice");
      }
    }
    return problems;
  }

  /**
   * Returns the component called {@code name}.
   *
   * @throws UnknownComponentException if there is none, listing the known names
   */
  public Component resolve(String name) {
    Component component = byName.get(name);
    if (component == null) {
      throw new UnknownComponentException(name, byName.keySet());
    }
    return component;
  }

  /**
   * Returns {@code request} with the named components' contributions added to its cloud-config,
   * applied in the given order.
   *
   * @throws UnknownComponentException if a name is unknown (before any component runs)
   * @throws InvalidSeedException if a name is given twice
   * @throws InvalidSeedException if a component lacks a parameter or contributions clash
   */
  public SeedRequest apply(SeedRequest request, List<String> names) {
    List<Component> chosen = names.stream().map(this::resolve).toList();
    if (Set.copyOf(names).size() != names.size()) {
      throw new InvalidSeedException("components", "names a component twice: " + names);
    }
    CloudConfigBuilder config = request.cloudConfig().toBuilder();
    for (Component component : chosen) {
      component.contribute(new ComponentContext(request, component.name()), config);
    }
    return request.withCloudConfig(config.build());
  }
}
