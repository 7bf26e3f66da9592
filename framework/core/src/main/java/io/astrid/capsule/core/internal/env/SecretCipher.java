package io.astrid.capsule.core.internal.env;

import io.astrid.capsule.api.CapsuleException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over secrets, with the key in a file only its owner may read or write (issue 17). The
 * key file is created with the first secret encrypted, never when one is decrypted: a missing key
 * then means the secrets were stored with a key that is gone, which is an error, not an empty value.
 * Each ciphertext is bound to its capsule and variable (the associated data), so a stored secret
 * moved to another capsule's slot does not decrypt.
 */
final class SecretCipher {
  static final String KEY_FILE_NAME = "env.key";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path keyFile;
  private final SecureRandom random = new SecureRandom();
  private SecretKeySpec key; // guarded by this

  SecretCipher(Path keyFile) {
    this.keyFile = keyFile;
  }

  /** {@code nonce || ciphertext+tag} of {@code plain}, bound to {@code capsuleId} and {@code name}. */
  byte[] encrypt(String capsuleId, String name, String plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key(true), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(slot(capsuleId, name));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new CapsuleException(what(capsuleId, name) + " cannot be encrypted: " + e.getMessage(), e);
    }
  }

  /** The secret sealed by {@link #encrypt}, or a {@link CapsuleException} naming why not. */
  String decrypt(String capsuleId, String name, byte[] sealed) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new CapsuleException(what(capsuleId, name) + " cannot be decrypted: the stored value is truncated");
    }
    SecretKeySpec stored;
    try {
      stored = key(false);
    } catch (MissingKey e) {
      throw new CapsuleException(what(capsuleId, name) + " cannot be decrypted: the key file [" + keyFile
          + "] is missing; set it again with: capsule env " + capsuleId + " set " + name, e.getCause());
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, stored, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(slot(capsuleId, name));
      byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new CapsuleException(what(capsuleId, name) + " cannot be decrypted: the key file [" + keyFile
          + "] is not the key it was stored with; set it again with: capsule env " + capsuleId + " set " + name, e);
    } catch (GeneralSecurityException e) {
      throw new CapsuleException(what(capsuleId, name) + " cannot be decrypted: " + e.getMessage(), e);
    }
  }

  private static String what(String capsuleId, String name) {
    return "env [" + capsuleId + "] secret [" + name + "]";
  }

  private static byte[] slot(String capsuleId, String name) {
    return (capsuleId + "\0" + name).getBytes(StandardCharsets.UTF_8);
  }

  /** The key file is not there (and was not to be created). */
  private static final class MissingKey extends RuntimeException {
    MissingKey(NoSuchFileException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private synchronized SecretKeySpec key(boolean create) {
    if (key == null) {
      key = new SecretKeySpec(read(create), "AES");
    }
    return key;
  }

  private byte[] read(boolean create) {
    try {
      if (create && !Files.exists(keyFile)) {
        createKeyFile();
      }
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw new CapsuleException("env key file [" + keyFile + "] is open to others ("
            + PosixFilePermissions.toString(permissions) + "): make it rw------- (chmod 600)");
      }
      byte[] bytes = Files.readAllBytes(keyFile);
      if (bytes.length != KEY_BYTES) {
        throw new CapsuleException("env key file [" + keyFile + "] has " + bytes.length + " bytes, expected "
            + KEY_BYTES);
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new MissingKey(e);
    } catch (IOException e) {
      throw new CapsuleException("env key file [" + keyFile + "] cannot be read: " + e.getMessage(), e);
    }
  }

  /** Written in full under a temporary name, then moved into place: a crash leaves no half key. */
  private void createKeyFile() throws IOException {
    byte[] fresh = new byte[KEY_BYTES];
    random.nextBytes(fresh);
    Files.createDirectories(keyFile.getParent());
    Path partial = Files.createTempFile(keyFile.getParent(), KEY_FILE_NAME, ".new",
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.write(partial, fresh);
      try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.createLink(keyFile, partial); // fails if another process made the key first: never replace a key
    } catch (FileAlreadyExistsException raced) {
      // The other key is the one to use; ours was never used.
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
