package io.astrid.capsule.shell;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the qualified names of the tools of READY capsules in Karaf: {@link Candidates#toolNames}. */
@Service
public final class ToolNameCompleter implements Completer {
  @Reference
  private CapsuleRegistry registry;

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    return new StringsCompleter(Candidates.toolNames(registry)).complete(session, commandLine, candidates);
  }
}
