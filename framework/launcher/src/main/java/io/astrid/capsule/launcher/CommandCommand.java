package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.runtime.Contribution;
import io.astrid.capsule.internal.text.Suggestions;
import io.astrid.capsule.internal.text.UntrustedText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code capsule command NAME [ARGS...]}: one {@code [[command]]}, run as the gateway runs its prompts. */
@Command(name = "command", mixinStandardHelpOptions = true,
    description = {"Loads the capsules and runs one [[command]] (a slash command) with ARGS, through its"
        + " BeforeCommand and AfterCommand interceptors: a command with a file prints the file's text with the"
        + " arguments filled in, one without runs in the capsule's WebAssembly component (astrid_command_run).",
        "NAME is the command's name without the slash, or CAPSULE:NAME when several capsules offer it.",
        "Exits " + ExitCodes.FAILED + " when the command fails (an interceptor denied it, its capsule failed or is"
            + " not READY), " + ExitCodes.PROBLEMS + " when no capsule offers it."})
final class CommandCommand extends DockingCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "the command, such as hello or hello-static:hello")
  private String name;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "what a user types after the command; the words"
      + " are joined by spaces")
  private List<String> arguments = List.of();

  @Mixin
  private JsonOutput json;

  @Mixin
  private StandaloneOption standalone;

  @Override
  public Integer call() {
    DockedCapsules.Docked docked = dock();
    List<Contribution<LoadedCommand>> offered = docked.registry().commands();
    int colon = name.indexOf(':');
    String command = colon < 0 ? name : name.substring(colon + 1);
    List<String> capsules = colon < 0
        ? offered.stream().filter(c -> c.value().name().equals(command)).map(Contribution::capsuleId).toList()
        : List.of(name.substring(0, colon));
    if (capsules.size() > 1) {
      return refused("command [/" + command + "] is offered by capsules [" + String.join(", ", capsules)
          + "]: name one, as " + capsules.getFirst() + ":" + command, ExitCodes.PROBLEMS, Optional.empty());
    }
    // Offered by a READY capsule, or its capsule is installed but not READY (then running it says why).
    Optional<String> capsule = capsules.stream().findFirst();
    boolean runnable = capsule.isPresent() && (offered.stream().anyMatch(c -> c.capsuleId().equals(capsule.get())
        && c.value().name().equals(command)) || docked.notReady().stream().anyMatch(c -> c.id().equals(capsule.get())));
    if (!runnable) {
      List<String> known = offered.stream().flatMap(c -> List.of(c.value().name(),
          c.capsuleId() + ":" + c.value().name()).stream()).toList();
      return refused("unknown command [" + name + "]" + Suggestions.didYouMean(name, known), ExitCodes.PROBLEMS,
          capsule);
    }
    try {
      String output = docked.registry().runCommand(capsule.get(), command, String.join(" ", arguments));
      if (json.enabled()) {
        JsonOutput.print(out(), document(capsule, Optional.of(output), Optional.empty()));
      } else {
        out().println(forOutput(output));
      }
      return ExitCodes.OK;
    } catch (CapsuleException e) {
      return refused(e.getMessage(), ExitCodes.FAILED, capsule);
    }
  }

  private int refused(String message, int exitCode, Optional<String> capsule) {
    if (json.enabled()) {
      JsonOutput.print(out(), document(capsule, Optional.empty(), Optional.of(message)));
    }
    err().println("capsule command: " + UntrustedText.escape(message));
    return exitCode;
  }

  /** The {@code --json} document: docs/schemas/command.schema.json. */
  private Map<String, Object> document(Optional<String> capsule, Optional<String> output, Optional<String> error) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("capsule", capsule.orElse(null));
    document.put("command", name.substring(name.indexOf(':') + 1));
    document.put("ok", error.isEmpty());
    document.put("output", output.orElse(null));
    document.put("error", error.orElse(null));
    return document;
  }
}
