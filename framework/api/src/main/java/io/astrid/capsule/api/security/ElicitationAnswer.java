package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A human's answer to an {@link ElicitationRequest}, as MCP's {@code ElicitResult}.
 *
 * @param action accept (with {@code content}), decline, or cancel
 * @param content the fields' values by name when accepted ({@code String}, {@code Number},
 *     {@code Boolean}, or a {@code List} of strings for an {@code array} field); empty otherwise
 */
public record ElicitationAnswer(Action action, Map<String, Object> content) {
  /** MCP's elicitation actions. */
  public enum Action {
    ACCEPT, DECLINE, CANCEL;

    /** The action as MCP writes it ({@code accept}, {@code decline}, {@code cancel}). */
    public String mcpName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The human declined to answer. */
  public static final ElicitationAnswer DECLINE = new ElicitationAnswer(Action.DECLINE, Map.of());

  /** The question was dismissed without a choice. */
  public static final ElicitationAnswer CANCEL = new ElicitationAnswer(Action.CANCEL, Map.of());

  public ElicitationAnswer {
    requireNonNull(action, "action");
    content = Map.copyOf(content);
  }

  /** Accepted with these values. */
  public static ElicitationAnswer accept(Map<String, Object> content) {
    return new ElicitationAnswer(Action.ACCEPT, content);
  }
}
