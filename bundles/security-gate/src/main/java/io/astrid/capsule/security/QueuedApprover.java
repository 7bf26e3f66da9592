package io.astrid.capsule.security;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
import io.astrid.capsule.api.security.ElicitationAnswer;
import io.astrid.capsule.api.security.ElicitationRequest;
import io.astrid.capsule.api.security.PendingApprovals;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An approver for user interfaces: each question (and each MCP server's form) waits in a queue until
 * code answers it through {@link PendingApprovals}, or until the caller's timeout. Active only when its configuration
 * (PID {@value #PID}) exists, because an approver that is always there would make the runtime
 * never headless.
 */
@Component(service = {Approver.class, PendingApprovals.class}, configurationPid = QueuedApprover.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = QueuedApprover.Config.class)
public final class QueuedApprover implements Approver, PendingApprovals {
  /** Create a (possibly empty) configuration with this PID to enable the queue. */
  public static final String PID = "io.astrid.capsule.security.queue";

  /** No keys: the configuration's existence is the switch. */
  @ObjectClassDefinition(name = "Astrid capsule approval queue", description = "Its configuration, even empty,"
      + " lets a user interface answer the security gate's questions through PendingApprovals.")
  public @interface Config {}

  /** Questions of one kind waiting for their answers, in the order they were asked. */
  private static final class Queue<Q, A> {
    private final Map<String, CompletableFuture<A>> waiting = new ConcurrentHashMap<>();
    private final LinkedBlockingDeque<Q> order = new LinkedBlockingDeque<>();

    Optional<A> ask(String id, Q question, Duration timeout) {
      CompletableFuture<A> answer = new CompletableFuture<>();
      waiting.put(id, answer);
      order.add(question);
      try {
        return Optional.of(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      } catch (TimeoutException | ExecutionException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } finally {
        waiting.remove(id);
        order.remove(question);
      }
    }

    List<Q> pending() {
      return List.copyOf(order);
    }

    boolean answer(String id, A answer) {
      CompletableFuture<A> waiter = waiting.get(id);
      return waiter != null && waiter.complete(answer);
    }
  }

  private final Queue<ApprovalRequest, ApprovalAnswer> approvals = new Queue<>();
  private final Queue<ElicitationRequest, ElicitationAnswer> forms = new Queue<>();

  @Override
  public Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
    return approvals.ask(request.id(), request, timeout);
  }

  @Override
  public Optional<ElicitationAnswer> fill(ElicitationRequest request, Duration timeout) {
    return forms.ask(request.id(), request, timeout);
  }

  @Override
  public List<ApprovalRequest> pending() {
    return approvals.pending();
  }

  @Override
  public boolean answer(String requestId, ApprovalAnswer answer) {
    return approvals.answer(requestId, answer);
  }

  @Override
  public List<ElicitationRequest> pendingForms() {
    return forms.pending();
  }

  @Override
  public boolean answer(String requestId, ElicitationAnswer answer) {
    return forms.answer(requestId, answer);
  }
}
