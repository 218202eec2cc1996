package dev.hangar.deployer.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvmDetectorTest {
  private static final String WITH_KVM =
      "<capabilities><host><cpu><arch>x86_64</arch><feature name='svm'/></cpu></host>"
          + "<guest><arch name='x86_64'><domain type='qemu'/><domain type='kvm'/>"
          + "</arch></guest></capabilities>";

  /** What libvirt reports inside a VM without nested virtualisation: kvm offered, no svm/vmx. */
  private static final String KVM_WITHOUT_HARDWARE_SUPPORT =
      "<capabilities><host><cpu><arch>x86_64</arch><model>kvm64</model>"
          + "<feature name='hypervisor'/></cpu></host>"
          + "<guest><arch name='x86_64'><domain type='qemu'/><domain type='kvm'/>"
          + "</arch></guest></capabilities>";

  private static final String QEMU_ONLY =
      "<capabilities><guest><arch name='x86_64'><domain type='qemu'/></arch></guest>"
          + "</capabilities>";

  @TempDir Path dir;

  @Test
  void choosesKvmWhenDeviceOpensReadWriteAndCapabilitiesOfferIt() throws Exception {
    Path device = Files.createFile(dir.resolve("kvm"));
    assertEquals(DomainType.KVM, new KvmDetector(device).detect(WITH_KVM));
  }

  @Test
  void fallsBackToQemuWhenCapabilitiesLackKvm() throws Exception {
    Path device = Files.createFile(dir.resolve("kvm"));
    assertEquals(DomainType.QEMU, new KvmDetector(device).detect(QEMU_ONLY));
  }

  @Test
  void fallsBackToQemuWhenTheHostCpuLacksVmxAndSvm() throws Exception {
    Path device = Files.createFile(dir.resolve("kvm"));
    assertEquals(DomainType.QEMU, new KvmDetector(device).detect(KVM_WITHOUT_HARDWARE_SUPPORT));
  }

  @Test
  void fallsBackToQemuWhenDeviceIsMissingEvenIfCapabilitiesOfferKvm() {
    assertEquals(DomainType.QEMU, new KvmDetector(dir.resolve("absent")).detect(WITH_KVM));
  }

  @Test
  void fallsBackToQemuWhenDeviceIsNotWritable() {
    // A directory cannot be opened for writing, which stands in for a device without rw access
    // (the tests run as root, so file permissions alone would not deny it).
    assertEquals(DomainType.QEMU, new KvmDetector(dir).detect(WITH_KVM));
  }
}
