package io.astrid.capsule.core.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.host.EnvEntry;
import io.astrid.capsule.api.host.EnvValues;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: [env] values come from the store and the defaults only; secrets are sealed at rest. */
class Issue17EnvironmentTest {
  private static final String SECRET = "hunter2-a-very-recognisable-secret";
  private static final EnvVar TOKEN = variable("TOKEN", EnvType.SECRET, null);
  private static final EnvVar REGION = variable("REGION", EnvType.STRING, "eu-west-1");
  private static final EnvVar RETRIES = variable("RETRIES", EnvType.NUMBER, null);
  private static final CapsuleManifest PROBE = CapsuleManifest.builder("probe", "1.0.0")
      .withEnv(TOKEN).withEnv(REGION).withEnv(RETRIES).build();

  @TempDir
  Path state;

  private MvStoreCapsuleEnvironment environment;

  private static EnvVar variable(String name, EnvType type, Object defaultValue) {
    return new EnvVar(name, type, Optional.empty(), Optional.empty(), Optional.ofNullable(defaultValue));
  }

  private MvStoreCapsuleEnvironment open(Map<String, String> host) {
    environment = new MvStoreCapsuleEnvironment(state, host);
    return environment;
  }

  @AfterEach
  void close() {
    if (environment != null) {
      environment.close();
    }
  }

  @Test
  void aDeclaredNameIsNeverReadFromTheHostsEnvironment() {
    EnvValues values = open(Map.of("TOKEN", SECRET, "RETRIES", "3", "REGION", "us-east-1")).resolve(PROBE);
    assertEquals(Map.of("REGION", "eu-west-1"), values.values());
    assertEquals(List.of("TOKEN", "RETRIES"), values.missing());
  }

  @Test
  void aHostVariableReachesOnlyTheCapsuleAndNameItWasGrantedTo() {
    open(Map.of("MY_TOKEN", SECRET)).grantHost("probe", "TOKEN", "MY_TOKEN");
    assertEquals(SECRET, environment.resolve(PROBE).values().get("TOKEN"));
    CapsuleManifest other = CapsuleManifest.builder("other", "1.0.0").withEnv(TOKEN).build();
    assertEquals(List.of("TOKEN"), environment.resolve(other).missing());
    assertEquals(List.of(new EnvEntry("TOKEN", EnvEntry.Source.HOST, "MY_TOKEN")), environment.entries("probe"));
  }

  @Test
  void storedValuesWinOverDefaultsAndSurviveAReopen() {
    open(Map.of()).set("probe", TOKEN, SECRET);
    environment.set("probe", REGION, "ap-south-1");
    environment.set("probe", RETRIES, "3");
    environment.close();
    EnvValues values = open(Map.of()).resolve(PROBE);
    assertEquals(Map.of("TOKEN", SECRET, "REGION", "ap-south-1", "RETRIES", "3"), values.values());
    assertEquals(List.of(), values.missing());
    assertEquals(List.of(new EnvEntry("REGION", EnvEntry.Source.VALUE, "ap-south-1"),
        new EnvEntry("RETRIES", EnvEntry.Source.VALUE, "3"), new EnvEntry("TOKEN", EnvEntry.Source.SECRET, "")),
        environment.entries("probe"));
    assertFalse(values.toString().contains(SECRET), values.toString());
  }

  @Test
  void aSecretIsEncryptedAtRestWithAnOwnerOnlyKeyFile() throws Exception {
    open(Map.of()).set("probe", TOKEN, SECRET);
    environment.close();
    environment = null;
    byte[] file = Files.readAllBytes(state.resolve(MvStoreCapsuleEnvironment.FILE_NAME));
    assertFalse(new String(file, StandardCharsets.ISO_8859_1).contains(SECRET), "the secret is not in clear");
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(SecretCipher.KEY_FILE_NAME))));
  }

  @Test
  void aWrongKeyIsAClearErrorNeverAnEmptyValue() throws Exception {
    open(Map.of()).set("probe", TOKEN, SECRET);
    Path key = state.resolve(SecretCipher.KEY_FILE_NAME);
    environment.close();
    Files.write(key, new byte[32]);
    CapsuleException e = assertThrows(CapsuleException.class, () -> open(Map.of()).resolve(PROBE));
    assertEquals("env [probe] secret [TOKEN] cannot be decrypted: the key file [" + key + "] is not the key it"
        + " was stored with; set it again with: capsule env probe set TOKEN", e.getMessage());
  }

  @Test
  void aMissingKeyIsAClearErrorAndIsNotRecreatedOnRead() throws Exception {
    open(Map.of()).set("probe", TOKEN, SECRET);
    Path key = state.resolve(SecretCipher.KEY_FILE_NAME);
    environment.close();
    Files.delete(key);
    CapsuleException e = assertThrows(CapsuleException.class, () -> open(Map.of()).resolve(PROBE));
    assertEquals("env [probe] secret [TOKEN] cannot be decrypted: the key file [" + key + "] is missing; set it"
        + " again with: capsule env probe set TOKEN", e.getMessage());
    assertFalse(Files.exists(key));
  }

  @Test
  void aKeyFileOpenToOthersIsRefused() throws Exception {
    Path key = state.resolve(SecretCipher.KEY_FILE_NAME);
    Files.write(key, new byte[32]);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    CapsuleException e = assertThrows(CapsuleException.class, () -> open(Map.of()).set("probe", TOKEN, SECRET));
    assertEquals("env key file [" + key + "] is open to others (rw-r--r--): make it rw------- (chmod 600)",
        e.getMessage());
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedWithoutRepeatingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> open(Map.of()).set("probe", RETRIES, "three"));
    assertEquals("env [probe] value [RETRIES]: not a number", e.getMessage());
  }

  @Test
  void unsetAndRemoveAllForgetValues() {
    open(Map.of()).set("probe", TOKEN, SECRET);
    environment.set("probe", REGION, "ap-south-1");
    assertTrue(environment.unset("probe", "REGION"));
    assertFalse(environment.unset("probe", "REGION"));
    assertEquals(1, environment.removeAll("probe"));
    assertEquals(List.of(), environment.entries("probe"));
    assertEquals(List.of("TOKEN", "RETRIES"), environment.resolve(PROBE).missing());
  }

  @Test
  void aReconfigureThatFailsOnItsThirdValueKeepsEveryOldValue() {
    open(Map.of()).set("probe", TOKEN, SECRET);
    environment.set("probe", REGION, "ap-south-1");
    environment.set("probe", RETRIES, "5");
    Map<EnvVar, String> reconfigured = new LinkedHashMap<>();
    reconfigured.put(REGION, "us-east-1");
    reconfigured.put(TOKEN, "a-new-secret");
    reconfigured.put(RETRIES, "three");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> environment.setAll("probe", reconfigured, true));
    assertEquals("env [probe] value [RETRIES]: not a number", e.getMessage());
    assertEquals(Map.of("TOKEN", SECRET, "REGION", "ap-south-1", "RETRIES", "5"), environment.resolve(PROBE).values());
  }

  @Test
  void aReconfigureStoresTheNewValuesAndForgetsTheOthersInOneChange() {
    open(Map.of()).set("probe", TOKEN, SECRET);
    environment.set("probe", RETRIES, "5");
    environment.setAll("probe", Map.of(REGION, "us-east-1"), true);
    assertEquals(List.of(new EnvEntry("REGION", EnvEntry.Source.VALUE, "us-east-1")), environment.entries("probe"));
    environment.setAll("probe", Map.of(RETRIES, "7"), false);
    assertEquals(List.of(new EnvEntry("REGION", EnvEntry.Source.VALUE, "us-east-1"),
        new EnvEntry("RETRIES", EnvEntry.Source.VALUE, "7")), environment.entries("probe"));
  }
}
