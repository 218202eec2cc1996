package dev.hangar.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModulesTest {
  @TempDir Path dir;

  @Test
  void ordersEveryModuleAfterItsDependencies() throws IOException {
    Files.writeString(
        dir.resolve("modules.dep"),
        """
        kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko
        kernel/lib/crc16.ko:
        kernel/fs/mbcache.ko:
        kernel/fs/jbd2/jbd2.ko:
        kernel/arch/x86/crypto/crc32c-intel.ko:
        """);
    Files.writeString(dir.resolve("modules.builtin"), "kernel/fs/ext2/ext2.ko\n");
    List<String> order = KernelModules.read(dir).resolve(List.of("ext4", "ext2", "crc32c_intel"));
    assertEquals(
        List.of(
            "kernel/fs/jbd2/jbd2.ko",
            "kernel/fs/mbcache.ko",
            "kernel/lib/crc16.ko",
            "kernel/fs/ext4/ext4.ko",
            "kernel/arch/x86/crypto/crc32c-intel.ko"),
        order);
  }

  @Test
  void rejectsModulesTheKernelDoesNotHave() throws IOException {
    Files.writeString(dir.resolve("modules.dep"), "kernel/fs/mbcache.ko:\n");
    BuildException e =
        assertThrows(
            BuildException.class, () -> KernelModules.read(dir).resolve(List.of("nosuchmod")));
    assertTrue(e.getMessage().contains("'nosuchmod'"), e.getMessage());
  }

  @Test
  void resolvesTheHostKernelsVirtioBlockDriverWithItsDependencies() {
    HostKernel kernel = HostKernel.newest(Path.of("/boot"), Path.of("/lib/modules"));
    List<String> names =
        KernelModules.read(kernel.modulesDir()).resolve(List.of("virtio_blk")).stream()
            .map(KernelModules::nameOf)
            .toList();
    assertEquals("virtio_blk", names.get(names.size() - 1));
    assertTrue(names.containsAll(List.of("virtio", "virtio_ring")), names.toString());
  }
}
