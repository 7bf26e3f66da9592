package io.astrid.capsule.launcher;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** An {@link InstallConsole} answering from a script; the input ends with the script. Records everything. */
final class FakeInstallConsole implements InstallConsole {
  private final Deque<String> answers;
  /** {@code ask: PROMPT}, {@code secret: PROMPT}, {@code tell: LINE}, in order. */
  final List<String> transcript = new ArrayList<>();

  FakeInstallConsole(String... answers) {
    this.answers = new ArrayDeque<>(List.of(answers));
  }

  @Override
  public Optional<String> ask(String prompt) {
    transcript.add("ask: " + prompt);
    return Optional.ofNullable(answers.poll());
  }

  @Override
  public Optional<String> askSecret(String prompt) {
    transcript.add("secret: " + prompt);
    return Optional.ofNullable(answers.poll());
  }

  @Override
  public void tell(String line) {
    transcript.add("tell: " + line);
  }
}
