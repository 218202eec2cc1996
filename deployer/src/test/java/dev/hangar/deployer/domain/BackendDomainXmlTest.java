package dev.hangar.deployer.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Xen PV and VMware ESX domain XML from the same model, checked against golden files. */
class BackendDomainXmlTest {
  private static final String POOL = "/var/lib/hangar/pool/";
  private static final List<String> GOLDEN =
      List.of(
          "golden/qemu-direct-kernel.xml",
          "golden/qemu-nocloud-net.xml",
          "golden/xen-pv.xml",
          "golden/esx-bios.xml");

  @Test
  void writesXenParavirtGuestExactlyAsTheGoldenFile() throws IOException {
    DomainSpec spec =
        spec(
            DomainType.XEN,
            new DirectKernelBoot(
                POOL + "sha256-aaaa", POOL + "sha256-bbbb", "console=hvc0 root=/dev/xvda ro"),
            POOL + "hangar-web-1-root.qcow2",
            POOL + "sha256-cccc",
            POOL + "hangar-web-1-seed.iso");

    assertEquals(golden("golden/xen-pv.xml"), DomainXmlWriter.forType(DomainType.XEN).write(spec));
  }

  @Test
  void writesEsxBiosGuestExactlyAsTheGoldenFile() throws IOException {
    DomainSpec spec =
        spec(
            DomainType.VMWARE,
            new BiosBoot(),
            "[datastore1] hangar-web-1/root.vmdk",
            "[datastore1] hangar-cache/sha256-cccc.vmdk",
            "[datastore1] hangar-web-1/seed.iso");

    assertEquals(
        golden("golden/esx-bios.xml"), DomainXmlWriter.forType(DomainType.VMWARE).write(spec));
  }

  @Test
  void refusesWhatTheHypervisorCannotExpress() {
    DomainSpec kernelOnEsx =
        spec(DomainType.VMWARE, new DirectKernelBoot("/k", "/i", ""), "[ds] a", "[ds] b", "[ds] c");
    DomainSpec biosOnXen = spec(DomainType.XEN, new BiosBoot(), "/a", "/b", "/c");
    DomainSpec hostPathOnEsx = spec(DomainType.VMWARE, new BiosBoot(), "/a", "/b", "/c");

    assertThrows(IllegalArgumentException.class, () -> new EsxDomainXmlWriter().write(kernelOnEsx));
    assertThrows(IllegalArgumentException.class, () -> new XenDomainXmlWriter().write(biosOnXen));
    assertThrows(
        IllegalArgumentException.class, () -> new EsxDomainXmlWriter().write(hostPathOnEsx));
  }

  @Test
  void picksTheWriterByDomainType() {
    assertInstanceOf(DomainXmlWriter.class, DomainXmlWriter.forType(DomainType.KVM));
    assertInstanceOf(DomainXmlWriter.class, DomainXmlWriter.forType(DomainType.QEMU));
    assertInstanceOf(XenDomainXmlWriter.class, DomainXmlWriter.forType(DomainType.XEN));
    assertInstanceOf(EsxDomainXmlWriter.class, DomainXmlWriter.forType(DomainType.VMWARE));
  }

  @Test
  void everyGoldenFileValidatesAgainstLibvirtsDomainSchema() throws Exception {
    for (String resource : GOLDEN) {
      Path file =
          Path.of(BackendDomainXmlTest.class.getClassLoader().getResource(resource).toURI());
      Process process =
          new ProcessBuilder("virt-xml-validate", file.toString(), "domain")
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("virt-xml-validate timed out on " + resource);
      }
      assertEquals(0, process.exitValue(), resource + ": " + output);
    }
  }

  private static DomainSpec spec(
      DomainType type, OsBoot boot, String root, String partition, String seed) {
    return new DomainSpec(
        "hangar-web-1",
        UUID.fromString("4c7d2f3e-8a1b-4c5d-9e6f-0a1b2c3d4e5f"),
        type,
        512,
        2,
        "x86_64",
        boot,
        List.of(
            new Disk(
                Disk.Device.DISK, Disk.Bus.VIRTIO, "vda", root, Disk.Format.QCOW2, false, false),
            new Disk(
                Disk.Device.DISK, Disk.Bus.VIRTIO, "vdb", partition, Disk.Format.RAW, true, true),
            new Disk(Disk.Device.CDROM, Disk.Bus.SCSI, "sda", seed, Disk.Format.RAW, true, false)),
        Optional.of(new SerialConsole("/var/log/hangar/hangar-web-1-serial.log")),
        LifecycleAction.DESTROY,
        LifecycleAction.RESTART,
        LifecycleAction.PRESERVE);
  }

  private static String golden(String resource) throws IOException {
    try (InputStream in =
        BackendDomainXmlTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
