package dev.hangar.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  private final SecretCipher cipher = new SecretCipher(SecretCipher.newKey());

  @Test
  void sealedValuesOpenUnderTheSameKeyAndContextOnly() {
    String sealed = cipher.seal("hunter2-secret", "deployment-1");

    assertFalse(sealed.contains("hunter2"));
    assertEquals("hunter2-secret", cipher.open(sealed, "deployment-1"));
    assertThrows(IllegalArgumentException.class, () -> cipher.open(sealed, "deployment-2"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SecretCipher(SecretCipher.newKey()).open(sealed, "deployment-1"));
  }

  @Test
  void equalPlaintextsSealDifferentlyAndTamperingIsDetected() {
    String a = cipher.seal("same", "c");
    assertNotEquals(a, cipher.seal("same", "c"));
    byte[] raw = Base64.getDecoder().decode(a.substring(3));
    raw[raw.length - 1] ^= 1;
    String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
    assertThrows(IllegalArgumentException.class, () -> cipher.open(tampered, "c"));
    assertThrows(IllegalArgumentException.class, () -> cipher.open("plain", "c"));
  }

  @Test
  void keysMustBe256BitsAndAreNeverShown() {
    assertThrows(IllegalArgumentException.class, () -> new SecretCipher(new byte[16]));
    assertEquals("SecretCipher[key=***]", cipher.toString());
  }
}
