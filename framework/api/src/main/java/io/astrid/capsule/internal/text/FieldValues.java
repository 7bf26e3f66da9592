package io.astrid.capsule.internal.text;

import io.astrid.capsule.api.security.ElicitationField;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A form field's value as a human types it: its wording and its reading (issue 18). One reading for every
 * place a human fills in an MCP server's form: the terminal's prompt ({@code capsule call}) and the shells'
 * {@code capsule:approvals ID accept NAME=VALUE...}.
 */
public final class FieldValues {
  private static final List<String> YES = List.of("y", "yes", "true");
  private static final List<String> NO = List.of("n", "no", "false");

  private FieldValues() {}

  /** What to type, for the prompt: {@code string, required}, {@code boolean: y or n}, {@code one of a, b}... */
  public static String describe(ElicitationField field) {
    String what = switch (field.type()) {
      case "boolean" -> "boolean: y or n";
      case "array" -> "several of " + String.join(", ", field.choices()) + ", separated by commas";
      default -> field.choices().isEmpty() ? field.type() : "one of " + String.join(", ", field.choices());
    };
    return what + (field.required() ? ", required" : "");
  }

  /** {@code text} read as the field's type and among its choices; empty when it does not read so. */
  public static Optional<Object> read(ElicitationField field, String text) {
    try {
      return switch (field.type()) {
        case "boolean" -> YES.contains(text.toLowerCase(Locale.ROOT)) ? Optional.of(true)
            : NO.contains(text.toLowerCase(Locale.ROOT)) ? Optional.of(false) : Optional.empty();
        case "integer" -> Optional.of(Long.parseLong(text));
        case "number" -> Optional.<Object>of(Double.parseDouble(text)).filter(n -> Double.isFinite((Double) n));
        case "array" -> {
          List<String> chosen = Arrays.stream(text.split(",")).map(String::strip).toList();
          yield field.choices().containsAll(chosen) ? Optional.<Object>of(chosen) : Optional.empty();
        }
        default -> field.choices().isEmpty() || field.choices().contains(text) ? Optional.of(text) : Optional.empty();
      };
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
