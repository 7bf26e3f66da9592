package io.astrid.capsule.security;

import io.astrid.capsule.api.security.ApprovalAnswer;
import io.astrid.capsule.api.security.StoredApproval;
import io.astrid.capsule.core.internal.store.DurableMvStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The "always" and "deny always" answers, kept in an MVStore file so that they survive restarts.
 * An answer is committed and synced to the disk before {@link #put} returns, so an answer that was
 * acted on is still there after the process is killed (issue 13, finding 2); the file's I/O runs on
 * a thread of its own, so an interrupted approval wait cannot close it.
 */
final class PersistentAnswers implements AutoCloseable {
  private final DurableMvStore store;

  PersistentAnswers(Path file) {
    this.store = new DurableMvStore(file, "astrid-approval-answers", () -> { });
  }

  private static MVMap<String, String> answers(MVStore store) {
    return store.openMap("approval-answers");
  }

  Optional<ApprovalAnswer> get(ApprovalKey key) {
    return store.read(s -> Optional.ofNullable(answers(s).get(key.text()))).map(ApprovalAnswer::valueOf);
  }

  void put(ApprovalKey key, ApprovalAnswer answer) {
    store.write(s -> answers(s).put(key.text(), answer.name()));
  }

  /** Every stored answer, in the order of their keys (capsule, capability, resource). */
  List<StoredApproval> all() {
    return store.read(s -> answers(s).entrySet().stream().map(entry -> {
      ApprovalKey key = ApprovalKey.parse(entry.getKey());
      return new StoredApproval(key.capsuleId(), key.capability(), key.resource(),
          ApprovalAnswer.valueOf(entry.getValue()));
    }).toList());
  }

  /** Forgets the answer for {@code key}, synced as {@link #put} is; false when none was stored. */
  boolean remove(ApprovalKey key) {
    return store.write(s -> answers(s).remove(key.text()) != null);
  }

  @Override
  public void close() {
    store.close();
  }
}
