package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code capsule list [ROOT...]}: the discovered capsules as a table; problems on stderr. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
        "Lists the capsules found under the roots: name, version, directory and the manifest sections each uses.",
        "Without a root it searches ./" + CapsuleRoot.PLUGINS_DIRECTORY + " (workspace), then $ASTRID_HOME/plugins"
            + " (user; ASTRID_HOME defaults to $HOME/.astrid); the first of two capsules with one name wins.",
        "Capsules are listed in the order they load: each after the capsules in its [dependencies] (AFTER)."})
final class ListCommand extends RootedCommand implements Callable<Integer> {
  @Mixin
  private JsonOutput json;

  @Parameters(arity = "0..*", paramLabel = "ROOT", description = "directories whose subdirectories are capsules,"
      + " searched before the --root ones")
  private List<Path> roots = List.of();

  @Override
  public Integer call() {
    List<CapsuleRoot> searched = roots().rootsAfter(roots);
    DiscoveryReport report = container().service(CapsuleDiscovery.class).discover(searched);
    PrintWriter out = out();
    PrintWriter err = err();
    List<String> problems = new ArrayList<>();
    report.broken().forEach(b -> b.report().diagnostics().forEach(d -> problems.add(d.toString())));
    report.duplicates().forEach(d -> problems.add("warning: " + d));
    report.unreadableRoots().forEach(r -> problems.add("capsule: " + r));
    if (report.capsules().isEmpty() && report.broken().isEmpty()) {
      problems.add("no capsules found under " + searched.stream().map(r -> r.directory().toString()).toList());
    }
    if (json.enabled()) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("capsules", report.capsules().stream().map(ListCommand::entry).toList());
      document.put("problems", problems);
      JsonOutput.print(out, document);
    } else {
      printTable(out, report.capsules());
      problems.forEach(err::println);
    }
    return report.broken().isEmpty() && report.unreadableRoots().isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
  }

  private static Map<String, Object> entry(DiscoveredCapsule capsule) {
    CapsuleManifest manifest = capsule.report().orThrow();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", manifest.name());
    entry.put("version", manifest.version());
    entry.put("directory", capsule.directory().toString());
    entry.put("sections", manifest.sections());
    return entry;
  }

  private static void printTable(PrintWriter out, List<DiscoveredCapsule> capsules) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "VERSION", "AFTER", "DIRECTORY", "SECTIONS"});
    for (DiscoveredCapsule capsule : capsules) {
      CapsuleManifest manifest = capsule.report().orThrow();
      List<String> after = manifest.dependencies().entrySet().stream().map(d -> d.getKey() + " " + d.getValue())
          .toList();
      rows.add(new String[] {manifest.name(), manifest.version(), after.isEmpty() ? "-" : String.join(", ", after),
          capsule.directory().toString(), String.join(", ", manifest.sections())});
    }
    StatusTable.print(out, rows);
  }
}
