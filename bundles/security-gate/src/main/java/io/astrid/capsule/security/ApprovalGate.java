package io.astrid.capsule.security;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.internal.text.UntrustedText;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The human in the loop. Each capability is configured {@code allow}, {@code ask} or {@code deny}.
 * For "ask": a stored "always"/"deny always" answer decides; else an answer given "for this
 * session" does; else the {@link Approver} is asked — one question for concurrent identical
 * requests — and its answer is remembered as it says. With no approver (headless), "ask" denies.
 */
final class ApprovalGate {
  static final String NAME = "approval";

  /** How a capability is handled. */
  enum Mode {
    ALLOW, ASK, DENY;

    static Mode parse(String capability, String written) {
      try {
        return valueOf(written.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("approval." + capability + " [" + written + "] is not allow, ask or deny");
      }
    }
  }

  private final Map<String, Mode> modes;
  private final PersistentAnswers persistent;
  private final Supplier<Optional<Approver>> approver;
  private final Duration timeout;
  private final Set<ApprovalKey> session = ConcurrentHashMap.newKeySet();
  private final Map<ApprovalKey, CompletableFuture<Optional<ApprovalAnswer>>> asking = new ConcurrentHashMap<>();

  /**
   * @param modes by capability; a capability not listed is allowed
   * @param persistent where "always" answers live
   * @param approver the current approver, if any (it may come and go)
   * @param timeout how long a call waits for the human
   */
  ApprovalGate(Map<String, Mode> modes, PersistentAnswers persistent, Supplier<Optional<Approver>> approver,
      Duration timeout) {
    this.modes = Map.copyOf(modes);
    this.persistent = persistent;
    this.approver = approver;
    this.timeout = timeout;
  }

  GateDecision check(SecuritySubject subject, GateRequest request) {
    String capability = request.capability();
    Mode mode = modes.getOrDefault(capability, Mode.ALLOW);
    String what = capability + " [" + UntrustedText.escape(request.resource()) + "]";
    if (mode == Mode.ALLOW) {
      return GateDecision.allow(NAME, what + " needs no approval (approval." + capability + "=allow)");
    }
    if (mode == Mode.DENY) {
      return GateDecision.deny(NAME, ManifestGate.denial(request, "approval." + capability + "=deny"));
    }
    ApprovalKey key = ApprovalKey.of(subject, request);
    Optional<ApprovalAnswer> stored = persistent.get(key);
    if (stored.isPresent()) {
      return stored.get().allows()
          ? GateDecision.allow(NAME, what + " approved always for capsule [" + key.capsuleId() + "]")
          : GateDecision.deny(NAME, ManifestGate.denial(request, "the user denies it always for capsule ["
              + key.capsuleId() + "]"));
    }
    if (session.contains(key)) {
      return GateDecision.allow(NAME, what + " approved for this session");
    }
    Optional<Approver> human = approver.get();
    if (human.isEmpty()) {
      return GateDecision.deny(NAME, ManifestGate.denial(request, "it needs approval (approval." + capability
          + "=ask) and no approver is available (headless); set approval." + capability + "=allow or run"
          + " interactively"));
    }
    Optional<ApprovalAnswer> answer = ask(human.get(), key);
    if (answer.isEmpty()) {
      return GateDecision.deny(NAME, ManifestGate.denial(request, "no answer within " + timeout.toSeconds() + " s"));
    }
    remember(key, answer.get());
    return answer.get().allows()
        ? GateDecision.allow(NAME, what + " approved by the user (" + answer.get().name().toLowerCase(Locale.ROOT)
            + ")")
        : GateDecision.deny(NAME, ManifestGate.denial(request, "the user said no"));
  }

  private Optional<ApprovalAnswer> ask(Approver human, ApprovalKey key) {
    CompletableFuture<Optional<ApprovalAnswer>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<ApprovalAnswer>> running = asking.putIfAbsent(key, mine);
    if (running != null) {
      return running.join();
    }
    try {
      ApprovalRequest request = new ApprovalRequest(UUID.randomUUID().toString(), key.capsuleId(), key.capability(),
          key.resource());
      Optional<ApprovalAnswer> answer = human.ask(request, timeout);
      mine.complete(answer == null ? Optional.empty() : answer);
    } catch (RuntimeException e) {
      mine.complete(Optional.empty());
    } finally {
      asking.remove(key, mine);
    }
    return mine.join();
  }

  /** "session" is kept in memory, "always" and "deny always" on disk; "once" and "deny" are not kept. */
  private void remember(ApprovalKey key, ApprovalAnswer answer) {
    if (answer == ApprovalAnswer.SESSION) {
      session.add(key);
    } else if (answer == ApprovalAnswer.ALWAYS || answer == ApprovalAnswer.DENY_ALWAYS) {
      persistent.put(key, answer);
    }
  }
}
