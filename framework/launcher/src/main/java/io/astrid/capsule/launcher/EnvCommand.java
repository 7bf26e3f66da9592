package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.host.CapsuleEnvironment;
import io.astrid.capsule.api.host.EnvEntry;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import io.astrid.capsule.internal.text.UntrustedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code capsule env ID}, {@code env ID set NAME [VALUE]}, {@code env ID set NAME --from-host VAR},
 * {@code env ID unset NAME}: a capsule's stored [env] values (issue 17). Secrets are never shown.
 */
@Command(name = "env", mixinStandardHelpOptions = true,
    description = {"Lists the [env] values of capsule ID and where each comes from (secrets masked), or changes"
        + " one: 'set NAME' asks for the value (a secret without echo), 'set NAME VALUE' takes it, 'set NAME"
        + " --from-host VAR' grants the host's variable VAR as the value (read each time the capsule loads),"
        + " 'unset NAME' forgets the stored value or grant.",
        "Values take effect when a runtime next loads the capsule; while 'capsule run' serves the roots, the change"
            + " runs through it and reloads the capsule at once (the question is still asked here). --json lists"
            + " them as one JSON document (secrets' values never)."})
final class EnvCommand extends DockingCommand implements Callable<Integer> {
  static final String MASK = "********";

  @Parameters(index = "0", paramLabel = "ID", description = "the installed capsule's id")
  private String id;

  @Parameters(index = "1..*", arity = "0..3", paramLabel = "ACTION",
      description = "nothing (list), set NAME [VALUE], or unset NAME")
  private List<String> action = List.of();

  @Option(names = "--from-host", paramLabel = "VAR", description = "with set: grant the host's variable VAR")
  private String fromHost;

  @Mixin
  private JsonOutput json;

  @Mixin
  private StandaloneOption standalone;

  @Override
  public Integer call() {
    try {
      DiscoveredCapsule installed = InstalledCapsule.find(container(), searchedRoots(), id);
      CapsuleManifest manifest = installed.report().orThrow();
      CapsuleEnvironment environment = InstalledCapsule.environment(container());
      String verb = action.isEmpty() ? "list" : action.get(0);
      switch (verb) {
        case "list" -> list(manifest, environment);
        case "set" -> set(manifest, environment);
        case "unset" -> unset(environment);
        default -> throw new CapsuleException("unknown action [" + verb + "]: expected set or unset");
      }
      if (running() != null && !verb.equals("list")) {
        // The running runtime loads the capsule again with its new values (a WAITING one may now be READY).
        LiveChanges.problem(running().changes().placed(installed.directory()))
            .ifPresent(problem -> err().println("capsule env: the running runtime did not reload it: "
                + UntrustedText.escapeKeepingLines(problem)));
      }
      return 0;
    } catch (CapsuleException | IllegalArgumentException e) {
      err().println("capsule env: " + UntrustedText.escape(e.getMessage()));
      return 1;
    }
  }

  private void list(CapsuleManifest manifest, CapsuleEnvironment environment) {
    Map<String, EnvEntry> stored = environment.entries(id).stream()
        .collect(Collectors.toMap(EnvEntry::name, Function.identity()));
    List<Shown> shown = manifest.env().values().stream().map(v -> shown(v, Optional.ofNullable(stored.get(v.name()))))
        .toList();
    if (json.enabled()) {
      JsonOutput.print(out(), Map.of("capsule", id, "values", shown.stream().map(Shown::document).toList()));
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(row("NAME", "TYPE", "SOURCE", "VALUE"));
    for (Shown value : shown) {
      rows.add(row(value.name(), value.type(), value.source(), switch (value.source()) {
        case "host" -> "$" + value.hostVariable().orElseThrow();
        case "missing" -> "set it with: capsule env " + id + " set " + value.name();
        default -> value.value().map(UntrustedText::escape).orElse(MASK);
      }));
    }
    StatusTable.print(out(), rows);
  }

  /** What is known of one variable: its value when it may be shown (never a secret's), or its host variable. */
  private record Shown(String name, String type, String source, Optional<String> value,
      Optional<String> hostVariable) {
    /** One entry of {@code env --json}: docs/schemas/env.schema.json. */
    Map<String, Object> document() {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", name);
      document.put("type", type);
      document.put("source", source);
      document.put("value", value.orElse(null));
      document.put("hostVariable", hostVariable.orElse(null));
      return document;
    }
  }

  private static Shown shown(EnvVar variable, Optional<EnvEntry> entry) {
    String type = variable.type().manifestName();
    if (entry.isPresent()) {
      EnvEntry e = entry.get();
      return switch (e.source()) {
        case SECRET -> new Shown(variable.name(), type, "stored", Optional.empty(), Optional.empty());
        case HOST -> new Shown(variable.name(), type, "host", Optional.empty(), Optional.of(e.shown()));
        case VALUE -> new Shown(variable.name(), type, "stored", Optional.of(e.shown()), Optional.empty());
      };
    }
    if (variable.defaultValue().isPresent()) {
      Optional<String> value = variable.type() == EnvType.SECRET ? Optional.empty()
          : Optional.of(String.valueOf(variable.defaultValue().get()));
      return new Shown(variable.name(), type, "default", value, Optional.empty());
    }
    return new Shown(variable.name(), type, "missing", Optional.empty(), Optional.empty());
  }

  private void set(CapsuleManifest manifest, CapsuleEnvironment environment) {
    EnvVar variable = declared(manifest);
    if (fromHost != null) {
      environment.grantHost(id, variable.name(), fromHost);
      out().println("env " + id + " " + variable.name() + ": granted the host variable " + fromHost);
      return;
    }
    String value = action.size() == 3 ? action.get(2) : ask(variable);
    environment.set(id, variable, value);
    out().println("env " + id + " " + variable.name() + ": stored" + (variable.type() == EnvType.SECRET
        ? " (encrypted)" : ""));
  }

  private String ask(EnvVar variable) {
    InstallConsole console = console();
    String prompt = Elicitation.prompt(variable);
    Optional<String> answer = variable.type() == EnvType.SECRET ? console.askSecret(prompt) : console.ask(prompt);
    return answer.map(String::strip).filter(a -> !a.isEmpty())
        .orElseThrow(() -> new CapsuleException("env [" + id + "] value [" + variable.name() + "]: no answer"));
  }

  private static String[] row(String... cells) {
    return cells;
  }

  private void unset(CapsuleEnvironment environment) {
    String name = name();
    boolean had = environment.unset(id, name);
    out().println("env " + id + " " + name + ": " + (had ? "unset" : "had no stored value"));
  }

  private EnvVar declared(CapsuleManifest manifest) {
    String name = name();
    EnvVar variable = manifest.env().get(name);
    if (variable == null) {
      throw new CapsuleException("capsule [" + id + "] declares no env value [" + name + "]");
    }
    return variable;
  }

  private String name() {
    if (action.size() < 2) {
      throw new CapsuleException(action.get(0) + " needs a NAME");
    }
    return action.get(1);
  }
}
