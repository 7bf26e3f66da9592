package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.runtime.RegisteredTool;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the qualified names ({@code capsule:ID:TOOL}) of the tools of READY capsules. */
@Service
public final class ToolNameCompleter implements Completer {
  @Reference
  private CapsuleRegistry registry;

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    return new StringsCompleter(registry.tools().stream().map(RegisteredTool::qualifiedName).toList())
        .complete(session, commandLine, candidates);
  }
}
