package io.astrid.capsule.launcher;

/**
 * A command's outcome other than success, with the exit status it means ({@link ExitCodes}) and the
 * sentence to print: thrown by a command, printed and returned by {@link Main}'s handler, so every
 * command says why it exits non-zero in one form ({@code capsule: MESSAGE}).
 */
final class CommandFailure extends RuntimeException {
  private final int exitCode;

  CommandFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
