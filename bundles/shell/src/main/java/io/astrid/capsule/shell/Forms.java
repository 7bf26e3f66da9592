package io.astrid.capsule.shell;

import io.astrid.capsule.api.security.ElicitationAnswer;
import io.astrid.capsule.api.security.ElicitationField;
import io.astrid.capsule.api.security.ElicitationRequest;
import io.astrid.capsule.api.security.PendingApprovals;
import io.astrid.capsule.internal.text.FieldValues;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The MCP servers' forms waiting in the approval queue (issue 18), in {@code capsule:approvals} beside the
 * approval requests: listed with their fields, and answered {@code ID accept NAME=VALUE...}, {@code ID decline}
 * or {@code ID cancel}. A value is read as the terminal's prompt of {@code capsule call} reads it
 * ({@link FieldValues}), and the whole answer is checked before it goes to the server, so that a typo is the
 * operator's to fix, not a failed call.
 */
final class Forms {
  /** The answers to a form, in the order the terminal's prompt offers them. */
  static final List<String> ACTIONS = List.of("accept", "decline", "cancel");

  private Forms() {}

  /** Whether {@code word} answers a form rather than an approval request. */
  static boolean isAction(String word) {
    return ACTIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  /** The pending forms, each with its fields indented below it; nothing when none waits. */
  static void print(PrintWriter out, List<ElicitationRequest> forms) {
    for (ElicitationRequest form : forms) {
      // The message and the fields are the server's: escaped, so they cannot redraw the terminal.
      out.println("form " + form.id() + ": " + UntrustedText.escapeKeepingLines(form.toString()));
      for (ElicitationField field : form.fields()) {
        out.println("  " + UntrustedText.escape(field.name() + " (" + FieldValues.describe(field) + ")"
            + field.description().map(d -> " - " + d).orElse("")));
      }
    }
  }

  /**
   * Answers pending form {@code id} with {@code action} and, for {@code accept}, the values {@code NAME=VALUE}.
   *
   * @throws IllegalArgumentException naming the form, field or value when the form is not pending, a value
   *     does not read as its field's, a field is unknown or a required one is missing
   */
  static void answer(PendingApprovals queue, String id, String action, List<String> values) {
    ElicitationRequest form = queue.pendingForms().stream().filter(f -> f.id().equals(id)).findFirst()
        .orElseThrow(() -> notPending(id));
    String chosen = action.toLowerCase(Locale.ROOT);
    ElicitationAnswer answer = switch (chosen) {
      case "accept" -> ElicitationAnswer.accept(content(form, values));
      default -> {
        if (!values.isEmpty()) {
          throw new IllegalArgumentException("form [" + id + "] " + chosen + " failed " + values + ": only accept"
              + " takes values");
        }
        yield chosen.equals("decline") ? ElicitationAnswer.DECLINE : ElicitationAnswer.CANCEL;
      }
    };
    if (!queue.answer(id, answer)) {
      throw notPending(id);
    }
    Console.print(out -> out.println("answered form " + id + ": " + chosen));
  }

  /** The values of {@code NAME=VALUE} words, each read as its field's, every required field given. */
  private static Map<String, Object> content(ElicitationRequest form, List<String> values) {
    Map<String, Object> content = new LinkedHashMap<>();
    for (String given : values) {
      int equals = given.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("form [" + form.id() + "] value [" + given + "] malformed: give"
            + " NAME=VALUE");
      }
      String name = given.substring(0, equals);
      ElicitationField field = form.fields().stream().filter(f -> f.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("form [" + form.id() + "] has no field [" + name
              + "]: its fields are " + UntrustedText.escape(form.fields().stream().map(ElicitationField::name).toList()
              .toString(), 400)));
      String text = given.substring(equals + 1).strip();
      Optional<Object> value = FieldValues.read(field, text);
      content.put(name, value.orElseThrow(() -> new IllegalArgumentException("form [" + form.id() + "] field ["
          + name + "] value [" + text + "] unreadable: give " + UntrustedText.escape(FieldValues.describe(field)))));
    }
    List<String> missing = form.fields().stream().filter(f -> f.required() && !content.containsKey(f.name()))
        .map(ElicitationField::name).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("form [" + form.id() + "] accept failed: required " + missing
          + " not given (NAME=VALUE)");
    }
    return content;
  }

  private static IllegalArgumentException notPending(String id) {
    return new IllegalArgumentException("form [" + id + "] is not pending");
  }
}
