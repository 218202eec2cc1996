package dev.hangar.deployer.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.deployer.domain.DirectKernelBoot;
import dev.hangar.deployer.domain.Disk;
import dev.hangar.deployer.domain.DomainSpec;
import dev.hangar.deployer.domain.DomainType;
import dev.hangar.deployer.domain.DomainXmlWriter;
import dev.hangar.deployer.domain.LifecycleAction;
import dev.hangar.deployer.domain.SerialConsole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Domain lifecycle against libvirt's in-process {@code test:///default} driver. */
class VmLifecycleTestDriverTest {
  private final LibvirtConnections connections = new LibvirtConnections();
  private final VmLifecycle vm = new VmLifecycle(connections.get("test:///default"));
  private final String name = "hangar-vm-" + System.nanoTime();

  @TempDir Path logs;

  @AfterEach
  void cleanUp() {
    vm.destroyAndUndefine(name);
    connections.close();
  }

  @Test
  void definesAndStartsDomainFromWriterOutput() {
    vm.defineAndStart(xml(logs.resolve("serial.log")));

    assertTrue(vm.exists(name));
    assertEquals(Optional.of(VmState.RUNNING), vm.state(name));
  }

  @Test
  void destroyAndUndefineRemovesDomainAndIsIdempotent() {
    vm.defineAndStart(xml(logs.resolve("serial.log")));

    vm.destroyAndUndefine(name);
    vm.destroyAndUndefine(name);

    assertFalse(vm.exists(name));
    assertEquals(Optional.empty(), vm.state(name));
  }

  @Test
  void readsConsoleLogDeclaredInTheDomain() throws Exception {
    Path log = logs.resolve("serial.log");
    vm.defineAndStart(xml(log));
    assertEquals(Optional.of(log), vm.consoleLogPath(name));
    assertEquals(Optional.empty(), vm.consoleLog(name));

    Files.writeString(log, "booted\n", StandardCharsets.ISO_8859_1);

    assertEquals(Optional.of("booted\n"), vm.consoleLog(name));
  }

  @Test
  void refusesToDefineSecondDomainWithSameName() {
    vm.defineAndStart(xml(logs.resolve("serial.log")));
    String conflicting =
        xml(logs.resolve("other.log")).replace(uuidOf(name), UUID.randomUUID().toString());

    assertThrows(LibvirtOperationException.class, () -> vm.defineAndStart(conflicting));
    assertEquals(Optional.of(logs.resolve("serial.log")), vm.consoleLogPath(name));
  }

  private String xml(Path log) {
    return new DomainXmlWriter()
        .write(
            new DomainSpec(
                name,
                UUID.fromString(uuidOf(name)),
                DomainType.QEMU,
                64,
                1,
                "x86_64",
                new DirectKernelBoot("/k", "/i", "console=ttyS0"),
                List.of(
                    new Disk(
                        Disk.Device.CDROM,
                        Disk.Bus.SCSI,
                        "sda",
                        "/seed.iso",
                        Disk.Format.RAW,
                        true,
                        false)),
                Optional.of(new SerialConsole(log.toString())),
                LifecycleAction.DESTROY,
                LifecycleAction.RESTART,
                LifecycleAction.DESTROY));
  }

  private static String uuidOf(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
