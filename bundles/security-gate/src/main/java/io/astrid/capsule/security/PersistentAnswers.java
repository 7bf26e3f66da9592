package io.astrid.capsule.security;

import io.astrid.capsule.api.security.ApprovalAnswer;
import java.nio.file.Path;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The "always" and "deny always" answers, kept in an MVStore file (H2's embedded, crash-safe
 * key-value store) so that they survive restarts. Each answer is committed as it is given.
 */
final class PersistentAnswers implements AutoCloseable {
  private final MVStore store;
  private final MVMap<String, String> answers;

  PersistentAnswers(Path file) {
    this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    this.answers = store.openMap("approval-answers");
  }

  Optional<ApprovalAnswer> get(ApprovalKey key) {
    return Optional.ofNullable(answers.get(key.text())).map(ApprovalAnswer::valueOf);
  }

  void put(ApprovalKey key, ApprovalAnswer answer) {
    answers.put(key.text(), answer.name());
    store.commit();
  }

  @Override
  public void close() {
    store.close();
  }
}
