package io.astrid.capsule.shell;

import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.jline.builtins.Completers.CompletionData;
import org.jline.reader.ParsedLine;
import org.osgi.service.component.annotations.Component;

/**
 * Tab completion of the {@code capsule:*} Gogo functions ({@link GogoCommands}): the shell's completer reads a map
 * of completions per command from each session (what Gogo's {@code complete} command fills), so before a
 * session's first command (its profile, before the first prompt) this adds the capsules' entries: each command's
 * description, and the ids or tool names of the first argument, evaluated at each Tab through the hidden
 * {@code capsule:__capsule_ids} and {@code capsule:__tool_names}. Registered under the same condition as the
 * functions.
 */
@Component(property = "osgi.ds.satisfying.condition.target=(osgi.condition.id=" + GogoCommands.CONDITION + ")")
public final class GogoCompletions implements CommandSessionListener {
  /** The session variable holding the completions (gogo.jline's {@code Shell.VAR_COMPLETIONS}). */
  static final String COMPLETIONS = ".completions";
  /** The session variable holding the line being completed (gogo.jline's {@code Shell.VAR_COMMAND_LINE}). */
  static final String COMMAND_LINE = ".commandLine";

  private static final Map<String, List<CompletionData>> ENTRIES = Map.ofEntries(
      Map.entry("capsule:list", described(GogoCommands.LIST)),
      Map.entry("capsule:inspect", argument(GogoCommands.INSPECT, GogoCommands.ID, "capsule:__capsule_ids")),
      Map.entry("capsule:tools", described(GogoCommands.TOOLS)),
      Map.entry("capsule:call", argument(GogoCommands.CALL, GogoCommands.TOOL, "capsule:__tool_names")),
      Map.entry("capsule:reload", argument(GogoCommands.RELOAD, GogoCommands.ID, "capsule:__capsule_ids")),
      Map.entry("capsule:invoke", argument(GogoCommands.INVOKE, GogoCommands.ID, "capsule:__capsule_ids")),
      Map.entry("capsule:dock", described(GogoCommands.DOCK)),
      Map.entry("capsule:serve", described(GogoCommands.SERVE)),
      Map.entry("capsule:approvals", described(GogoCommands.APPROVALS)),
      Map.entry("capsule:audit", described(GogoCommands.AUDIT)),
      Map.entry("capsule:exit", described(GogoCommands.EXIT)));

  @Override
  public void beforeExecute(CommandSession session, CharSequence command) {
    if (session.get(COMPLETIONS) instanceof Map<?, ?> completions && !completions.containsKey("capsule:list")) {
      @SuppressWarnings("unchecked")
      Map<String, List<CompletionData>> typed = (Map<String, List<CompletionData>>) completions;
      typed.putAll(ENTRIES);
    }
  }

  @Override
  public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
    // Nothing to do: the entries are added once, before.
  }

  @Override
  public void afterExecute(CommandSession session, CharSequence command, Object result) {
    // Nothing to do: the entries are added once, before.
  }

  /** Whether the word being completed is the command's first argument. */
  static boolean firstArgument(CommandSession session) {
    return session.get(COMMAND_LINE) instanceof ParsedLine line && line.wordIndex() == 1;
  }

  private static List<CompletionData> described(String description) {
    return List.of(new CompletionData(null, description, null, null));
  }

  private static List<CompletionData> argument(String description, String argument, String candidates) {
    return List.of(new CompletionData(null, description, null, null),
        new CompletionData(null, argument, candidates, null));
  }
}
