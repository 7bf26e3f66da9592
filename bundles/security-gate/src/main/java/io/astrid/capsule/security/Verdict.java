package io.astrid.capsule.security;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.GateDecision;
import java.util.Optional;

/**
 * A decision with the human's part in it, for the audit log: which answer decided ({@code once},
 * {@code session}, {@code always}, {@code deny}, {@code never}, or {@code none} when none came in
 * time) and where it came from ({@code prompt}: asked for this call; {@code client}: asked for this
 * call of the human of the MCP client that made it; {@code session}: answered earlier in this run;
 * {@code store}: an always/never answer kept on disk).
 */
record Verdict(GateDecision decision, Optional<String> answer, Optional<String> answerFrom) {
  static final String PROMPT = "prompt";
  static final String SESSION = "session";
  static final String STORE = "store";
  /** Asked for this call of the client that made it (MCP elicitation). */
  static final String CLIENT = "client";

  /** A decision no human had a part in. */
  static Verdict of(GateDecision decision) {
    return new Verdict(decision, Optional.empty(), Optional.empty());
  }

  /** A decision made by a human's answer, or by the absence of one ({@code answer} empty). */
  static Verdict byHuman(GateDecision decision, Optional<ApprovalAnswer> answer, String from) {
    return new Verdict(decision, Optional.of(answer.map(Verdict::word).orElse("none")), Optional.of(from));
  }

  /** The word the console approver takes for an answer. */
  static String word(ApprovalAnswer answer) {
    return switch (answer) {
      case ONCE -> "once";
      case SESSION -> "session";
      case ALWAYS -> "always";
      case DENY -> "deny";
      case DENY_ALWAYS -> "never";
    };
  }

  /** The same verdict with another decision (the composed one). */
  Verdict with(GateDecision composed) {
    return new Verdict(composed, answer, answerFrom);
  }
}
