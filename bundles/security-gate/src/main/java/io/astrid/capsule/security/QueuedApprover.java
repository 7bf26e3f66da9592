package io.astrid.capsule.security;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.ApprovalRequest;
import io.astrid.capsule.api.security.Approver;
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
 * An approver for user interfaces: each question waits in a queue until code answers it through
 * {@link PendingApprovals}, or until the caller's timeout. Active only when its configuration
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

  private final Map<String, CompletableFuture<ApprovalAnswer>> waiting = new ConcurrentHashMap<>();
  private final LinkedBlockingDeque<ApprovalRequest> order = new LinkedBlockingDeque<>();

  @Override
  public Optional<ApprovalAnswer> ask(ApprovalRequest request, Duration timeout) {
    CompletableFuture<ApprovalAnswer> answer = new CompletableFuture<>();
    waiting.put(request.id(), answer);
    order.add(request);
    try {
      return Optional.of(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.empty();
    } finally {
      waiting.remove(request.id());
      order.remove(request);
    }
  }

  @Override
  public List<ApprovalRequest> pending() {
    return List.copyOf(order);
  }

  @Override
  public boolean answer(String requestId, ApprovalAnswer answer) {
    CompletableFuture<ApprovalAnswer> waiter = waiting.get(requestId);
    return waiter != null && waiter.complete(answer);
  }
}
