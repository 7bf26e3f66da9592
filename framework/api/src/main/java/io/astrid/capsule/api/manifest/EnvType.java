package io.astrid.capsule.api.manifest;

import java.util.Arrays;
import java.util.Optional;

/** The {@code type} of an {@code [env.NAME]} variable. */
public enum EnvType {
  /** A credential: elicited without echo, stored as a secret, never logged. */
  SECRET,
  /** Free text. */
  STRING,
  /** An integer or decimal number. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN;

  /** The spelling in {@code Capsule.toml}: {@code secret}, {@code string}, ... */
  public String manifestName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Whether {@code text} is a value of this type: a number is an integer or a finite decimal, a
   * boolean is {@code true} or {@code false}; secrets and strings take any text.
   */
  public boolean accepts(String text) {
    return switch (this) {
      case SECRET, STRING -> true;
      case NUMBER -> NUMBER_TEXT.matcher(text).matches();
      case BOOLEAN -> text.equals("true") || text.equals("false");
    };
  }

  private static final java.util.regex.Pattern NUMBER_TEXT =
      java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  /** The type spelled {@code name} in a manifest, if there is one. */
  public static Optional<EnvType> fromManifestName(String name) {
    return Arrays.stream(values()).filter(t -> t.manifestName().equals(name)).findFirst();
  }
}
