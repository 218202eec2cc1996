package dev.hangar.context.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContextBrokerTest {
  static final String HEAD_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPnqtCwCPc5Se+3Mi8YTdDODT07lceDTsuJyEsPIdpcD";
  private final GroupSpec group =
      new GroupSpec(
          List.of(
              new RoleSpec("head", 1, List.of("worker")),
              new RoleSpec("worker", 2, List.of("head", "worker"))));

  @Test
  void hostnamesAreTheRoleNameForOneVmAndNumberedForMore() {
    assertEquals(
        Map.of("head", "head", "worker-1", "worker", "worker-2", "worker"), group.hostnames());
  }

  @Test
  void contextIsIncompleteUntilEveryVmOfEveryRequiredRoleProvided() {
    List<Member> members = new ArrayList<>(members(true, true, false));
    Member head = members.get(0);
    assertTrue(ContextBroker.contextFor(group, head, members).isEmpty());
    assertEquals(1, ContextBroker.waitingFor(group, head, members));
    // A worker needs the head and both workers; worker-2 has not provided yet.
    assertTrue(ContextBroker.contextFor(group, members.get(1), members).isEmpty());

    members = members(false, true, true);
    assertEquals(0, ContextBroker.waitingFor(group, members.get(0), members));
    assertTrue(
        ContextBroker.contextFor(group, members.get(0), members).isPresent(),
        "the head only requires the workers");
    assertTrue(ContextBroker.contextFor(group, members.get(1), members).isEmpty());
  }

  @Test
  void completeContextListsRolesAndPeersSortedByKey() {
    List<Member> members = members(true, true, true);

    String context =
        KeyValues.format(ContextBroker.contextFor(group, members.get(1), members).orElseThrow());

    assertEquals(
        """
        peer.head.address=10.0.0.1
        peer.head.role=head
        peer.head.ssh-host-key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPnqtCwCPc5Se+3Mi8YTdDODT07lceDTsuJyEsPIdpcD
        peer.worker-1.address=10.0.0.2
        peer.worker-1.role=worker
        peer.worker-2.address=10.0.0.3
        peer.worker-2.role=worker
        role.head.address=10.0.0.1
        role.head.hosts=head
        role.head.ssh-host-key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPnqtCwCPc5Se+3Mi8YTdDODT07lceDTsuJyEsPIdpcD
        role.worker.address=10.0.0.2,10.0.0.3
        role.worker.hosts=worker-1,worker-2
        self.hostname=worker-1
        self.role=worker
        """,
        context);
  }

  @Test
  void roleWithoutRequirementsHasOnlyItsOwnIdentity() {
    GroupSpec single = new GroupSpec(List.of(new RoleSpec("db", 1, List.of())));
    Member db = new Member("db", "db", Optional.empty());
    assertEquals(
        Map.of("self.hostname", "db", "self.role", "db"),
        ContextBroker.contextFor(single, db, List.of(db)).orElseThrow());
  }

  @Test
  void groupsWithUnknownRequirementsDuplicateRolesOrBadCountsAreRejectedNamingTheField() {
    var unknown =
        assertThrows(
            InvalidBrokerDataException.class,
            () ->
                new GroupSpec(
                    List.of(
                        new RoleSpec("head", 1, List.of()),
                        new RoleSpec("worker", 1, List.of("db")))));
    assertEquals("roles[1].requires", unknown.field());
    var twice =
        assertThrows(
            InvalidBrokerDataException.class,
            () ->
                new GroupSpec(
                    List.of(new RoleSpec("a", 1, List.of()), new RoleSpec("a", 2, List.of()))));
    assertEquals("roles[1].name", twice.field());
    // "a" x2 gives a-1, a-2; a role named "a-1" would collide with the first.
    var collision =
        assertThrows(
            InvalidBrokerDataException.class,
            () ->
                new GroupSpec(
                    List.of(new RoleSpec("a", 2, List.of()), new RoleSpec("a-1", 1, List.of()))));
    assertEquals("roles[1].name", collision.field());
    assertEquals(
        "count",
        assertThrows(InvalidBrokerDataException.class, () -> new RoleSpec("a", 0, List.of()))
            .field());
    assertEquals(
        "name",
        assertThrows(InvalidBrokerDataException.class, () -> new RoleSpec("A b", 1, List.of()))
            .field());
  }

  @Test
  void providedLinesAreParsedAndBadOnesRejectedNamingTheKey() {
    assertEquals(
        Map.of("address", "10.0.2.15", "ssh-host-key", HEAD_KEY + " root@head x=y"),
        KeyValues.parse(
            "# from the agent\naddress=10.0.2.15\r\n\nssh-host-key="
                + HEAD_KEY
                + " root@head x=y\n"));
    assertEquals(
        "line 1",
        assertThrows(InvalidBrokerDataException.class, () -> KeyValues.parse("no equals sign"))
            .field());
    assertEquals(
        "line 2",
        assertThrows(InvalidBrokerDataException.class, () -> KeyValues.parse("a=1\nAddress=x"))
            .field());
    assertEquals(
        "hostname",
        assertThrows(InvalidBrokerDataException.class, () -> KeyValues.parse("hostname=evil"))
            .field());
    assertEquals(
        "a",
        assertThrows(InvalidBrokerDataException.class, () -> KeyValues.parse("a=1\na=2")).field());
    assertEquals(
        "a",
        assertThrows(InvalidBrokerDataException.class, () -> KeyValues.parse("a=x\u0007y"))
            .field());
    assertEquals(
        "a",
        assertThrows(
                InvalidBrokerDataException.class,
                () -> KeyValues.parse("a=" + "x".repeat(KeyValues.MAX_VALUE + 1)))
            .field());
  }

  private static List<Member> members(boolean head, boolean worker1, boolean worker2) {
    return List.of(
        new Member(
            "head",
            "head",
            head
                ? Optional.of(Map.of("address", "10.0.0.1", "ssh-host-key", HEAD_KEY))
                : Optional.empty()),
        new Member(
            "worker-1",
            "worker",
            worker1 ? Optional.of(Map.of("address", "10.0.0.2")) : Optional.empty()),
        new Member(
            "worker-2",
            "worker",
            worker2 ? Optional.of(Map.of("address", "10.0.0.3")) : Optional.empty()));
  }
}
