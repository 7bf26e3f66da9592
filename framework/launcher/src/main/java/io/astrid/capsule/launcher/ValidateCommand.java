package io.astrid.capsule.launcher;

import io.astrid.capsule.api.discovery.CapsuleDiscovery;
import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.discovery.DiscoveredCapsule;
import io.astrid.capsule.api.discovery.DiscoveryReport;
import io.astrid.capsule.api.discovery.RootScope;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Diagnostic;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.manifest.ManifestReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code capsule validate PATH...}: every problem of every manifest, compiler-style. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Checks Capsule.toml manifests and prints every problem as FILE:LINE:COLUMN: MESSAGE.",
        "Each PATH is a manifest, a capsule directory, or a root whose subdirectories are capsules. Without a"
            + " PATH or --root it checks the workspace and user roots."})
final class ValidateCommand extends RootedCommand implements Callable<Integer> {
  @Mixin
  private JsonOutput json;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "manifest files, capsule directories or roots"
      + " (default: the --root ones, else the workspace and user roots)")
  private List<Path> paths = List.of();

  @Override
  public Integer call() {
    PrintWriter out = out();
    PrintWriter err = err();
    List<ManifestReport> reports = new ArrayList<>();
    List<Map<String, String>> unreadable = new ArrayList<>();
    for (Path path : checked()) {
      List<ManifestReport> found = reportsFor(path, err);
      if (found.isEmpty()) {
        String reason = Files.exists(path) ? "no " + CapsuleManifest.FILE_NAME + " in it or in its subdirectories"
            : "no such file or directory";
        Map<String, String> entry = new LinkedHashMap<>(); // fields in the documented order, on every run
        entry.put("path", path.toString());
        entry.put("reason", reason);
        unreadable.add(entry);
        err.println("capsule: " + path + ": " + reason);
      }
      reports.addAll(found);
    }
    if (json.enabled()) {
      JsonOutput.print(out, document(reports, unreadable));
    } else {
      reports.forEach(r -> r.diagnostics().forEach(out::println));
      out.println(Summary.of(reports));
    }
    return !unreadable.isEmpty() || reports.stream().anyMatch(ManifestReport::hasErrors) ? ExitCodes.PROBLEMS
        : ExitCodes.OK;
  }

  /** The paths given, then the --root ones; without any, the standard roots that exist. */
  private List<Path> checked() {
    List<Path> given = roots().pathsAfter(paths);
    return !given.isEmpty() ? given : RootsOption.searched(List.of()).stream().map(CapsuleRoot::directory)
        .filter(Files::isDirectory).toList();
  }

  /** The {@code --json} document: docs/schemas/validate.schema.json. */
  private static Map<String, Object> document(List<ManifestReport> reports, List<Map<String, String>> unreadable) {
    List<Map<String, Object>> manifests = new ArrayList<>();
    for (ManifestReport report : reports) {
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("file", report.file().toString());
      manifest.put("valid", !report.hasErrors());
      manifest.put("diagnostics", report.diagnostics().stream().map(d -> {
        Map<String, Object> diagnostic = new LinkedHashMap<>();
        diagnostic.put("file", d.file().toString());
        diagnostic.put("line", d.line());
        diagnostic.put("column", d.column());
        diagnostic.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
        diagnostic.put("message", d.message());
        return diagnostic;
      }).toList());
      manifests.add(manifest);
    }
    Summary summary = Summary.of(reports);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("manifests", manifests);
    document.put("unreadable", unreadable);
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("manifests", summary.manifests());
    counts.put("valid", summary.manifests() - summary.invalid());
    counts.put("invalid", summary.invalid());
    counts.put("errors", summary.errors());
    counts.put("warnings", summary.warnings());
    document.put("summary", counts);
    return document;
  }

  /** The reports of every manifest {@code path} names; duplicates in a root are validated too. */
  private List<ManifestReport> reportsFor(Path path, PrintWriter err) {
    if (Files.isRegularFile(path)) {
      return List.of(reader().read(path));
    }
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    Path manifest = path.resolve(CapsuleManifest.FILE_NAME);
    if (Files.exists(manifest)) {
      return List.of(reader().read(manifest));
    }
    DiscoveryReport found = container().service(CapsuleDiscovery.class)
        .discover(List.of(new CapsuleRoot(path, RootScope.EXTRA)));
    List<ManifestReport> reports = new ArrayList<>();
    found.capsules().stream().map(DiscoveredCapsule::report).forEach(reports::add);
    found.broken().stream().map(DiscoveredCapsule::report).forEach(reports::add);
    found.duplicates().forEach(duplicate -> {
      err.println("warning: " + duplicate);
      reports.add(reader().read(duplicate.shadowed().resolve(CapsuleManifest.FILE_NAME)));
    });
    reports.sort((a, b) -> a.file().compareTo(b.file()));
    return reports;
  }

  private ManifestReader reader() {
    return container().service(ManifestReader.class);
  }

  /** The closing line: how many manifests, how many valid, how many problems. */
  record Summary(int manifests, int invalid, long errors, long warnings) {
    static Summary of(List<ManifestReport> reports) {
      List<Diagnostic> all = reports.stream().flatMap(r -> r.diagnostics().stream()).toList();
      return new Summary(reports.size(), (int) reports.stream().filter(ManifestReport::hasErrors).count(),
          all.stream().filter(Diagnostic::isError).count(), all.stream().filter(d -> !d.isError()).count());
    }

    @Override
    public String toString() {
      return "checked " + plural(manifests, "manifest") + ": " + (manifests - invalid) + " valid, " + invalid
          + " invalid (" + plural(errors, "error") + ", " + plural(warnings, "warning") + ")";
    }

    private static String plural(long count, String noun) {
      return count + " " + noun + (count == 1 ? "" : "s");
    }
  }
}
