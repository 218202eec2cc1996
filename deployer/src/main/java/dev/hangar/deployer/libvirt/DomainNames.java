package dev.hangar.deployer.libvirt;

import static dev.hangar.deployer.libvirt.LibvirtCalls.call;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Names of a node's domains, read while other clients start, stop and undefine them. libvirt lists
 * running domains by id and defined ones by name in two calls; a domain that goes away in between
 * (or while its id is looked up; libvirt-java then also returns id 0 for the slot) is left out.
 */
final class DomainNames {
  private DomainNames() {}

  /**
   * Every defined (inactive) or running domain's name.
   *
   * @throws LibvirtOperationException if the node does not answer
   */
  static Set<String> all(Connect connection) {
    Set<String> names =
        new HashSet<>(List.of(call("list defined domains", connection::listDefinedDomains)));
    for (int id : call("list running domains", connection::listDomains)) {
      ifExists("look up domain " + id, () -> connection.domainLookupByID(id))
          .flatMap(domain -> ifExists("read name of domain " + id, domain::getName))
          .ifPresent(names::add);
    }
    return names;
  }

  /** The domain {@code name}'s XML, or empty if it no longer exists. */
  static Optional<String> xml(Connect connection, String name) {
    return ifExists("look up domain " + name, () -> connection.domainLookupByName(name))
        .flatMap(domain -> ifExists("read XML of " + name, () -> domain.getXMLDesc(0)));
  }

  private static <T> Optional<T> ifExists(String operation, LibvirtCalls.Call<T> action) {
    try {
      return Optional.of(action.call());
    } catch (LibvirtException e) {
      if (LibvirtErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw new LibvirtOperationException(operation, e);
    }
  }
}
