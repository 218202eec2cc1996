package dev.hangar.deployer.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DacLabelTest {

  @Test
  void readsTheBaseLabelOfTheDacSecurityModel() {
    assertEquals(
        Optional.of(new DacLabel(995, 994)),
        DacLabel.fromCapabilities(
            capabilities(
                "<secmodel><model>none</model><doi>0</doi></secmodel>"
                    + "<secmodel><model>dac</model><doi>0</doi>"
                    + "<baselabel type='kvm'>+995:+994</baselabel>"
                    + "<baselabel type='qemu'>+995:+994</baselabel></secmodel>")));
  }

  @Test
  void isEmptyWithoutOneNumericDacBaseLabel() {
    assertEquals(
        Optional.empty(),
        DacLabel.fromCapabilities(
            capabilities("<secmodel><model>testSecurity</model><doi></doi></secmodel>")),
        "no DAC driver (test driver)");
    assertEquals(
        Optional.empty(),
        DacLabel.fromCapabilities(
            capabilities("<secmodel><model>dac</model><doi>0</doi></secmodel>")),
        "DAC without a base label");
    assertEquals(
        Optional.empty(),
        DacLabel.fromCapabilities(
            capabilities(
                "<secmodel><model>dac</model><doi>0</doi>"
                    + "<baselabel type='kvm'>+107:+107</baselabel>"
                    + "<baselabel type='qemu'>+995:+995</baselabel></secmodel>")),
        "one label cannot fit volumes for both domain types");
    assertEquals(
        Optional.empty(),
        DacLabel.fromCapabilities(
            capabilities(
                "<secmodel><model>dac</model><doi>0</doi>"
                    + "<baselabel type='qemu'>qemu:kvm</baselabel></secmodel>")),
        "names, not numbers");
  }

  @Test
  void writesNumericIdsAsLibvirtDoes() {
    assertEquals("+995:+113", new DacLabel(995, 113).xmlValue());
    assertThrows(IllegalArgumentException.class, () -> new DacLabel(-1, 0));
  }

  private static String capabilities(String secmodels) {
    return "<capabilities><host><uuid>u</uuid>" + secmodels + "</host></capabilities>";
  }
}
