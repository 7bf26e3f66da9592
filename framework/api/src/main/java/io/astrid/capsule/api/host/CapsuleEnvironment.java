package io.astrid.capsule.api.host;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvVar;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The values of capsules' {@code [env.NAME]} variables: the one place they are resolved, from the
 * values stored for the capsule (elicited at install or set with {@code capsule env}) and the
 * manifest's defaults — never implicitly from the host's environment. A host variable reaches a
 * capsule only through a grant stored for that capsule and that variable
 * ({@link #grantHost}).
 *
 * <p>Values of {@link io.astrid.capsule.api.manifest.EnvType#SECRET secret} variables are stored
 * encrypted (AES-GCM, with a key file in the {@link StateDirectory} readable by its owner only,
 * created with the first secret). A secret that cannot be decrypted (the key file is missing or is
 * not the key it was stored with) fails {@link #resolve} with a {@link io.astrid.capsule.api.CapsuleException}
 * that names the variable and the key file, never an empty value. No method's message carries a value.
 *
 * <p>Writes are durable when the method returns. Methods are thread-safe.
 */
@ProviderType
public interface CapsuleEnvironment {
  /**
   * The values for the capsule of {@code manifest} (its {@code [package] name}), per declared
   * variable: the stored value, else the granted host variable's value when the host has it, else
   * the default; a variable with none of them is {@link EnvValues#missing missing}. Values stored
   * for names the manifest no longer declares are left out.
   *
   * @throws io.astrid.capsule.api.CapsuleException when a stored secret cannot be decrypted or the
   *     store cannot be read
   */
  EnvValues resolve(CapsuleManifest manifest);

  /** The values stored for {@code capsuleId}, by name in name order, secrets without their value. */
  List<EnvEntry> entries(String capsuleId);

  /**
   * Stores {@code value} for {@code variable} of {@code capsuleId}, replacing a value or grant it had;
   * encrypted when the variable is a secret.
   *
   * @throws IllegalArgumentException when the value does not suit the variable's type (the message
   *     names the variable and the type, never the value)
   */
  void set(String capsuleId, EnvVar variable, String value);

  /**
   * Stores {@code values} for {@code capsuleId} in one change: every value is checked against its
   * variable's type (and a secret sealed) before anything is written, and all are committed together,
   * so either every value is stored or the store is as it was. With {@code forgetOthers}, the values
   * and grants stored for names not in {@code values} are removed in the same change (a reinstall
   * with {@code --reconfigure}): a failure midway never loses the old values.
   *
   * @param values the value per variable, in the order they were given; may be empty
   * @throws IllegalArgumentException when a value does not suit its variable's type (the message
   *     names the variable and the type, never the value); nothing was changed
   */
  void setAll(String capsuleId, Map<EnvVar, String> values, boolean forgetOthers);

  /**
   * Grants the capsule the host's variable {@code hostVariable} as the value of {@code name},
   * replacing what was stored for that name.
   */
  void grantHost(String capsuleId, String name, String hostVariable);

  /** Removes the stored value or grant of {@code name}; true when there was one. */
  boolean unset(String capsuleId, String name);

  /** Removes every value and grant stored for {@code capsuleId}; how many there were. */
  int removeAll(String capsuleId);
}
