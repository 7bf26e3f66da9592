package io.astrid.capsule.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CronJob;
import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.Interceptor;
import io.astrid.capsule.api.manifest.InterceptorEvent;
import io.astrid.capsule.api.manifest.LlmProvider;
import io.astrid.capsule.api.manifest.ManifestReport;
import io.astrid.capsule.api.manifest.McpTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidManifestsTest {
  private final TomlManifestReader reader = new TomlManifestReader(new ManifestParser("0.1.0"));

  @TempDir
  Path dir;

  @Test
  void seedReadmeExampleParsesUnchangedIntoTheModel() {
    CapsuleFixtures.writeWasm(dir, "bin/github_agent.wasm");
    ManifestReport report = reader.read(
        CapsuleFixtures.writeManifest(dir, CapsuleFixtures.resource("seed-readme-example.toml")));

    // The seed's example starts npx without declaring it; that is worth a warning, not an error.
    assertEquals(List.of("24:11: warning: [[mcp_server]] \"local-git\": command \"npx\" is not declared in"
        + " [capabilities] host_process, so the server will not be started"),
        report.diagnostics().stream().map(d -> d.toString().substring(d.file().toString().length() + 1)).toList());
    CapsuleManifest m = report.orThrow();
    assertEquals("github-agent", m.name());
    assertEquals("1.0.0", m.version());
    assertEquals(Optional.of(">=0.1.0"), m.packageMetadata().astridVersion());
    assertTrue(m.packageMetadata().publish(), "publish defaults to true");
    assertEquals("bin/github_agent.wasm", m.component().orElseThrow().entrypoint());
    assertEquals(List.of("api.github.com"), m.capabilities().net());
    assertEquals(List.of("/home/user/.gitconfig"), m.capabilities().fsRead());
    assertEquals(EnvType.SECRET, m.env().get("GITHUB_TOKEN").type());
    assertEquals(Optional.of("Please provide a GitHub Personal Access Token"), m.env().get("GITHUB_TOKEN").request());
    var git = m.mcpServers().getFirst();
    assertEquals("local-git", git.id());
    assertEquals(McpTransport.STDIO, git.type());
    assertEquals(Optional.of("npx"), git.command());
    assertEquals(List.of("-y", "@modelcontextprotocol/server-git"), git.args());
    assertEquals(List.of(new CronJob("sync-issues", "0 * * * *", "astrid.github.sync")), m.cronJobs());
    assertEquals(List.of(new Interceptor(InterceptorEvent.BeforeToolCall, Optional.empty())), m.interceptors());
    assertEquals(List.of(new LlmProvider("claude-3-5-sonnet", Optional.of("Anthropic Claude 3.5 Sonnet Provider"),
        List.of("text", "vision", "tools"))), m.llmProviders());
    assertEquals(List.of("package", "component", "capabilities", "env", "mcp_server", "llm_provider", "interceptor",
        "cron"), m.sections());
  }

  @Test
  void manifestUsingEverySectionAndKeyHasNoDiagnostics() {
    for (String file : List.of("LICENSE", "README.md", "context/guide.md", "commands/triage.toml",
        "skills/summarize.md")) {
      CapsuleFixtures.write(dir, file, "content of " + file);
    }
    CapsuleFixtures.writeWasm(dir, "bin/sink.wasm");
    ManifestReport report =
        reader.read(CapsuleFixtures.writeManifest(dir, CapsuleFixtures.resource("every-section.toml")));

    assertEquals(List.of(), report.diagnostics());
    CapsuleManifest m = report.orThrow();
    assertEquals(List.of("package", "component", "dependencies", "capabilities", "env", "context_file", "command",
        "mcp_server", "skill", "uplink", "llm_provider", "interceptor", "cron", "tool"), m.sections());
    var pkg = m.packageMetadata();
    assertEquals("2.1.0-beta.1+build.7", pkg.version());
    assertEquals(List.of("Ada <ada@example.org>", "Grace"), pkg.authors());
    assertEquals(Optional.of("LICENSE"), pkg.licenseFile());
    assertFalse(pkg.publish());
    assertEquals(Map.of("retries", 3L, "ratio", 0.5), pkg.metadata().get("limits"));
    assertEquals(Map.of("base-tools", "^1.2", "other", ">=0.3, <0.5"), m.dependencies());
    assertEquals(List.of("sink"), m.capabilities().kv());
    assertEquals(List.of("base-tools"), m.capabilities().intercept());
    assertEquals(List.of("API_TOKEN", "REGION", "RETRIES", "VERBOSE"), List.copyOf(m.env().keySet()));
    assertEquals(Optional.of(3L), m.env().get("RETRIES").defaultValue());
    assertEquals(Optional.of(false), m.env().get("VERBOSE").defaultValue());
    var remote = m.mcpServers().get(1);
    assertEquals(McpTransport.HTTP, remote.type());
    assertEquals(Optional.of("https://mcp.example.org/mcp"), remote.url());
    assertEquals("Bearer ${API_TOKEN}", remote.headers().get("Authorization"));
    assertEquals(Optional.empty(), m.commands().get(1).file());
    assertEquals("human", m.uplinks().getFirst().profile());
    assertEquals(Optional.of("audit"), m.interceptors().getFirst().action());
    assertEquals("@hourly", m.cronJobs().get(1).schedule());
    var tool = m.tools().getFirst();
    assertEquals("search_issues", tool.name());
    assertEquals(List.of("query"), tool.inputSchema().get("required"));
    assertEquals(Map.of("type", "integer", "minimum", 1L, "maximum", 100L),
        ((Map<?, ?>) tool.inputSchema().get("properties")).get("limit"));
  }

  @Test
  void aByteOrderMarkAndWindowsLineEndingsAreAccepted() throws Exception {
    Path file = dir.resolve("Capsule.toml");
    java.nio.file.Files.write(file, ("\uFEFF[package]\r\nname = \"windows\"\r\nversion = \"1.0.0\"\r\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    ManifestReport report = reader.read(file);

    assertEquals(List.of(), report.diagnostics());
    assertEquals("windows", report.orThrow().name());
  }

  @Test
  void minimalManifestNeedsOnlyNameAndVersion() {
    ManifestReport report = reader.read(CapsuleFixtures.writeManifest(dir, """
        [package]
        name = "tiny"
        version = "0.0.1"
        """));

    assertEquals(List.of(), report.diagnostics());
    assertEquals(List.of("package"), report.orThrow().sections());
  }
}
