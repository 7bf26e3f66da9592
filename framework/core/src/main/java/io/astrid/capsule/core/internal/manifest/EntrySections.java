package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Command;
import io.astrid.capsule.api.manifest.ContextFile;
import io.astrid.capsule.api.manifest.CronJob;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.manifest.LlmProvider;
import io.astrid.capsule.api.manifest.Skill;
import io.astrid.capsule.api.manifest.Uplink;
import io.astrid.capsule.internal.text.Suggestions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tomlj.TomlTable;

/** The array-of-tables sections with simple entries. */
final class EntrySections {
  private static final EntryList CONTEXT_FILES =
      new EntryList("context_file", Set.of("name", "file"), EntryList.uniqueIdentifier("name"));
  private static final EntryList COMMANDS =
      new EntryList("command", Set.of("name", "description", "file"), EntryList.uniqueIdentifier("name"));
  private static final EntryList SKILLS =
      new EntryList("skill", Set.of("name", "description", "file"), EntryList.uniqueIdentifier("name"));
  private static final EntryList UPLINKS =
      new EntryList("uplink", Set.of("name", "platform", "profile"), EntryList.uniqueIdentifier("name"));
  private static final EntryList LLM_PROVIDERS =
      new EntryList("llm_provider", Set.of("id", "description", "capabilities"), EntryList.uniqueIdentifier("id"));
  private static final EntryList CRON_JOBS =
      new EntryList("cron", Set.of("name", "schedule", "action"), EntryList.uniqueIdentifier("name"));

  /** Interceptors are named by their event; several may hook the same one. */
  private static final EntryList INTERCEPTORS = new EntryList("interceptor", Set.of("event", "action"),
      new EntryList.IdRule("event", Pattern.compile(".+"), "an event name", false));

  private static final Set<String> EVENT_NAMES =
      Arrays.stream(InterceptorEvent.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
  private static final String EVENTS =
      Arrays.stream(InterceptorEvent.values()).map(Enum::name).collect(Collectors.joining(", "));
  /**
   * Events of the upstream design that an agent host raises, not this runtime: named apart so that a
   * manifest hooking one learns why it is refused (issue 18), instead of waiting for an event that never comes.
   */
  private static final Set<String> AGENT_HOST_EVENTS = Set.of("SessionStart", "SessionEnd", "UserPrompt",
      "BeforeApproval", "AfterApproval", "Notification", "BeforeCompact", "SubagentStart", "SubagentStop");

  private EntrySections() {}

  static List<ContextFile> contextFiles(ManifestContext manifest, TomlTable root) {
    return CONTEXT_FILES.read(manifest, root, t -> both(t.string("name"), requiredFile(t, "file"), ContextFile::new));
  }

  static List<Command> commands(ManifestContext manifest, TomlTable root) {
    return COMMANDS.read(manifest, root, t -> {
      Optional<String> file = t.string("file");
      boolean fileOk = file.map(f -> ReferencedFiles.check(t, "file", f)).orElse(true);
      Optional<String> description = t.string("description");
      return t.string("name").filter(n -> fileOk).map(n -> new Command(n, description, file));
    });
  }

  static List<Skill> skills(ManifestContext manifest, TomlTable root) {
    return SKILLS.read(manifest, root, t -> {
      Optional<String> file = requiredFile(t, "file");
      Optional<String> description = t.string("description");
      return both(t.string("name"), file, (name, f) -> new Skill(name, description, f));
    });
  }

  static List<Uplink> uplinks(ManifestContext manifest, TomlTable root) {
    return UPLINKS.read(manifest, root, t -> {
      Optional<String> platform = t.requiredString("platform");
      Optional<String> profile = t.requiredString("profile");
      return t.string("name").flatMap(n -> both(platform, profile, (pl, pr) -> new Uplink(n, pl, pr)));
    });
  }

  static List<LlmProvider> llmProviders(ManifestContext manifest, TomlTable root) {
    return LLM_PROVIDERS.read(manifest, root, t -> {
      Optional<String> description = t.string("description");
      List<String> capabilities = t.strings("capabilities");
      return t.string("id").map(id -> new LlmProvider(id, description, capabilities));
    });
  }

  static List<Interceptor> interceptors(ManifestContext manifest, TomlTable root) {
    return INTERCEPTORS.read(manifest, root, t -> {
      Optional<String> action = t.string("action");
      return t.string("event").flatMap(written -> {
        Optional<InterceptorEvent> event = InterceptorEvent.fromManifestName(written);
        if (event.isEmpty() && AGENT_HOST_EVENTS.contains(written)) {
          t.error("event", "event \"" + written + "\" is raised by an agent host, never by this runtime;"
              + " the events it raises are " + EVENTS);
        } else if (event.isEmpty()) {
          String suggestion = Suggestions.didYouMean(written, EVENT_NAMES);
          t.error("event", "event \"" + written + "\" is unknown"
              + (suggestion.isEmpty() ? ", expected one of " : suggestion + " Expected one of ") + EVENTS);
        }
        return event.map(e -> new Interceptor(e, action));
      });
    });
  }

  static List<CronJob> cronJobs(ManifestContext manifest, TomlTable root) {
    return CRON_JOBS.read(manifest, root, t -> {
      Optional<String> schedule = t.requiredString("schedule").filter(s -> {
        Optional<String> problem = CronSchedule.problem(s);
        problem.ifPresent(p -> t.error("schedule", "schedule \"" + s + "\" " + p));
        return problem.isEmpty();
      });
      Optional<String> action = t.requiredString("action");
      return t.string("name").flatMap(n -> both(schedule, action, (s, a) -> new CronJob(n, s, a)));
    });
  }

  private static Optional<String> requiredFile(TableReader t, String key) {
    return t.requiredString(key).filter(file -> ReferencedFiles.check(t, key, file));
  }

  private static <A, B, R> Optional<R> both(Optional<A> a, Optional<B> b, java.util.function.BiFunction<A, B, R> f) {
    return a.isPresent() && b.isPresent() ? Optional.of(f.apply(a.get(), b.get())) : Optional.empty();
  }
}
