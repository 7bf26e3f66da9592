package io.astrid.capsule.launcher;

import java.util.Optional;

/**
 * Where {@code capsule install} puts its questions and reads the answers: the terminal, standard
 * input, or in tests a script. An answer is one line without its line end; empty when the input has
 * ended, which the caller takes as "no answer" and fails naming what it asked.
 */
interface InstallConsole {
  /** Shows {@code prompt} and reads the answer, echoed as typed. */
  Optional<String> ask(String prompt);

  /** Shows {@code prompt} and reads the answer without echoing it (on a terminal). */
  Optional<String> askSecret(String prompt);

  /** Shows one line. */
  void tell(String line);
}
