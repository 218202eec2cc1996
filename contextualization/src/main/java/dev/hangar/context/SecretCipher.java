package dev.hangar.context;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secret context values for storage: AES-256-GCM with a random 96-bit nonce per value and the
 * owning record's id as additional data, so a sealed value copied to another record does not open.
 * The sealed form is text: {@code v1:} followed by base64 of nonce || ciphertext || 128-bit tag.
 */
public final class SecretCipher {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  /** A cipher under {@code key}, which must be 32 bytes; the array is copied. */
  public SecretCipher(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key is 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** A new random 256-bit key. */
  public static byte[] newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  /** Encrypts {@code plaintext} bound to {@code context} (e.g. a deployment id). */
  public String seal(String plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher gcm = cipher(Cipher.ENCRYPT_MODE, nonce, context);
      byte[] sealed = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required by every Java platform", e);
    }
  }

  /**
   * Decrypts what {@link #seal} returned for the same {@code context}.
   *
   * @throws IllegalArgumentException if the text is not a sealed value, was sealed under another
   *     key or context, or was altered
   */
  public String open(String sealed, String context) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sealed value");
    }
    byte[] in;
    try {
      in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealed value is not base64", e);
    }
    if (in.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed value is too short");
    }
    try {
      Cipher gcm = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, NONCE_BYTES), context);
      byte[] plain = gcm.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("sealed value does not open under this key and context");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required by every Java platform", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    gcm.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return gcm;
  }

  @Override
  public String toString() {
    return "SecretCipher[key=***]";
  }
}
