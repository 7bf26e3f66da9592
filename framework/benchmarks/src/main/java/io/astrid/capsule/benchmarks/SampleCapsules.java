package io.astrid.capsule.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Writes the capsule directories the benchmarks read: real files on the real disk. */
public final class SampleCapsules {
  /** A typical manifest: a component, capabilities, env, an MCP server, cron, an interceptor and two tools. */
  static final String TYPICAL_MANIFEST = """
      [package]
      name = "%s"
      version = "1.4.2"
      description = "Works with GitHub issues"
      authors = ["Ada <ada@example.org>"]
      license = "MIT"
      astrid-version = ">=0.1.0"
      keywords = ["github", "issues"]

      [component]
      entrypoint = "bin/agent.wasm"

      [capabilities]
      net = ["api.github.com"]
      fs_read = ["src"]
      host_process = ["npx"]

      [env.GITHUB_TOKEN]
      type = "secret"
      request = "Please provide a GitHub Personal Access Token"

      [[mcp_server]]
      id = "local-git"
      command = "npx"
      args = ["-y", "@modelcontextprotocol/server-git"]

      [[context_file]]
      name = "guide"
      file = "guide.md"

      [[cron]]
      name = "sync-issues"
      schedule = "0 * * * *"
      action = "astrid.github.sync"

      [[interceptor]]
      event = "BeforeToolCall"

      [[tool]]
      name = "search_issues"
      description = "Search issues"
      input_schema = { type = "object", required = ["query"], properties = { query = { type = "string" } } }

      [[tool]]
      name = "close_issue"
      description = "Close an issue"
      input_schema = { type = "object", properties = { number = { type = "integer", minimum = 1 } } }
      """;

  private SampleCapsules() {}

  /** Writes one capsule named {@code name} under {@code dir}; returns its manifest. */
  static Path write(Path dir, String name) throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    Files.write(dir.resolve("bin/agent.wasm"), new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
    Files.writeString(dir.resolve("guide.md"), "# Guide\n");
    return Files.writeString(dir.resolve("Capsule.toml"), TYPICAL_MANIFEST.formatted(name));
  }

  /** Deletes a benchmark's directory tree. */
  public static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
