package dev.hangar.deployer.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class DomainXmlWriterTest {
  private static final String POOL = "/var/lib/hangar/pool/";

  private final DomainXmlWriter writer = new DomainXmlWriter();

  @Test
  void writesDirectKernelDomainExactlyAsTheGoldenFile() throws IOException {
    DomainSpec spec =
        spec(
            "hangar-web-1",
            "console=ttyS0 root=/dev/vda ro",
            List.of(
                new Disk(
                    Disk.Device.DISK,
                    Disk.Bus.VIRTIO,
                    "vda",
                    POOL + "hangar-web-1-root.qcow2",
                    Disk.Format.QCOW2,
                    false,
                    false),
                new Disk(
                    Disk.Device.DISK,
                    Disk.Bus.VIRTIO,
                    "vdb",
                    POOL + "sha256-cccc",
                    Disk.Format.RAW,
                    true,
                    true),
                new Disk(
                    Disk.Device.CDROM,
                    Disk.Bus.SCSI,
                    "sda",
                    POOL + "hangar-web-1-seed.iso",
                    Disk.Format.RAW,
                    true,
                    false)),
            "/var/log/hangar/hangar-web-1-serial.log");

    assertEquals(golden("golden/qemu-direct-kernel.xml"), writer.write(spec));
  }

  @Test
  void writesSmbiosSerialAndStaticDacLabelExactlyAsTheGoldenFile() throws IOException {
    DomainSpec spec =
        spec(
                "hangar-web-1",
                "console=ttyS0 root=/dev/vda ro",
                List.of(
                    new Disk(
                        Disk.Device.DISK,
                        Disk.Bus.VIRTIO,
                        "vda",
                        POOL + "hangar-web-1-root.qcow2",
                        Disk.Format.QCOW2,
                        false,
                        false)),
                "/var/log/hangar/hangar-web-1-serial.log")
            .withSysinfo(
                Sysinfo.serial("ds=nocloud-net;s=http://10.0.2.2:8080/api/v1/nocloud/hnc_abc&def/"))
            .withDacLabel(new DacLabel(995, 995));

    assertEquals(golden("golden/qemu-nocloud-net.xml"), writer.write(spec));
  }

  @Test
  void rejectsUnknownSmbiosEntriesAndControlCharacters() {
    assertThrows(
        IllegalArgumentException.class, () -> new Sysinfo(java.util.Map.of("bios-vendor", "x")));
    assertThrows(IllegalArgumentException.class, () -> Sysinfo.serial("a\nb"));
  }

  @Test
  void writersForOtherHypervisorsRefuseADacLabelInsteadOfDroppingIt() {
    DomainSpec spec = spec("x", "", List.of(), "/l").withDacLabel(new DacLabel(995, 995));
    assertThrows(
        IllegalArgumentException.class, () -> DomainXmlWriter.forType(DomainType.XEN).write(spec));
    assertThrows(
        IllegalArgumentException.class,
        () -> DomainXmlWriter.forType(DomainType.VMWARE).write(spec));
  }

  @Test
  void writersWithoutSmbiosSupportRefuseSysinfoInsteadOfDroppingIt() {
    DomainSpec spec = spec("x", "", List.of(), "/l").withSysinfo(Sysinfo.serial("s"));
    assertThrows(
        IllegalArgumentException.class, () -> DomainXmlWriter.forType(DomainType.XEN).write(spec));
  }

  @Test
  void writesUserModeAndLibvirtNetworkInterfacesAsTheGoldenFile() throws IOException {
    DomainSpec spec =
        spec(
                "hangar-net-1",
                "console=ttyS0 root=/dev/vda",
                List.of(
                    new Disk(
                        Disk.Device.DISK,
                        Disk.Bus.VIRTIO,
                        "vda",
                        POOL + "hangar-net-1-root.qcow2",
                        Disk.Format.QCOW2,
                        false,
                        false)),
                "/var/log/hangar/hangar-net-1-serial.log")
            .withInterfaces(
                List.of(
                    NetworkInterface.userMode(NetworkInterface.macFor("i-net-1")),
                    NetworkInterface.onNetwork("hangar<lan>", "52:54:00:0a:0b:0c")));

    assertEquals(
        golden("golden/qemu-networks.xml").replace("MAC1", NetworkInterface.macFor("i-net-1")),
        writer.write(spec));
  }

  @Test
  void derivesAStableMacInQemusRangeFromTheInstanceId() {
    String mac = NetworkInterface.macFor("i-net-1");
    assertTrue(mac.matches("52:54:00(:[0-9a-f]{2}){3}"), mac);
    assertEquals(mac, NetworkInterface.macFor("i-net-1"));
    assertFalse(mac.equals(NetworkInterface.macFor("i-net-2")));
  }

  @Test
  void otherHypervisorWritersRefuseNetworkInterfacesRatherThanDropThem() {
    DomainSpec spec =
        spec("x", "", List.of(), "/l")
            .withInterfaces(List.of(NetworkInterface.userMode("52:54:00:00:00:01")));
    assertThrows(IllegalArgumentException.class, () -> new XenDomainXmlWriter().write(spec));
  }

  @Test
  void escapesMarkupCharactersInNamesPathsAndCommandLine() throws Exception {
    String hostile = "a<b&c'd\"e>f";
    DomainSpec spec =
        spec(
            hostile,
            "init=/x \"quoted\" & <more>",
            List.of(
                new Disk(
                    Disk.Device.DISK,
                    Disk.Bus.VIRTIO,
                    "vda",
                    "/pool/" + hostile + ".img",
                    Disk.Format.RAW,
                    false,
                    false)),
            "/log/" + hostile + ".log");

    String xml = writer.write(spec);

    assertTrue(xml.contains("<name>a&lt;b&amp;c'd\"e&gt;f</name>"), xml);
    assertFalse(xml.contains("<b&c"), xml);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(xml)));
    var xpath = XPathFactory.newInstance().newXPath();
    assertEquals(hostile, xpath.evaluate("/domain/name", doc));
    assertEquals("init=/x \"quoted\" & <more>", xpath.evaluate("/domain/os/cmdline", doc));
    assertEquals(
        "/pool/" + hostile + ".img", xpath.evaluate("/domain/devices/disk/source/@file", doc));
    assertEquals(
        "/log/" + hostile + ".log", xpath.evaluate("/domain/devices/serial/log/@file", doc));
  }

  @Test
  void omitsScsiControllerWhenNoDiskIsOnScsi() {
    DomainSpec spec =
        spec(
            "plain",
            "",
            List.of(
                new Disk(
                    Disk.Device.DISK,
                    Disk.Bus.VIRTIO,
                    "vda",
                    "/p/a",
                    Disk.Format.RAW,
                    false,
                    false)),
            "/l");

    assertFalse(writer.write(spec).contains("<controller"));
  }

  @Test
  void rejectsDuplicateDiskTargets() {
    Disk disk =
        new Disk(Disk.Device.DISK, Disk.Bus.VIRTIO, "vda", "/p/a", Disk.Format.RAW, false, false);
    assertThrows(IllegalArgumentException.class, () -> spec("d", "", List.of(disk, disk), "/l"));
  }

  @Test
  void rejectsWritableCdrom() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Disk(
                Disk.Device.CDROM, Disk.Bus.SCSI, "sda", "/p/s", Disk.Format.RAW, false, false));
  }

  private static DomainSpec spec(String name, String cmdline, List<Disk> disks, String log) {
    return new DomainSpec(
        name,
        UUID.fromString("4c7d2f3e-8a1b-4c5d-9e6f-0a1b2c3d4e5f"),
        DomainType.QEMU,
        512,
        2,
        "x86_64",
        new DirectKernelBoot(POOL + "sha256-aaaa", POOL + "sha256-bbbb", cmdline),
        disks,
        Optional.of(new SerialConsole(log)),
        LifecycleAction.DESTROY,
        LifecycleAction.RESTART,
        LifecycleAction.PRESERVE);
  }

  private static String golden(String resource) throws IOException {
    try (InputStream in =
        DomainXmlWriterTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
