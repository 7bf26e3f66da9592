package io.astrid.capsule.shell;

import io.astrid.capsule.api.host.StateDirectory;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code capsule:audit [-n N]}: the last N lines of the security gate's audit log ({@code audit.jsonl} in its
 * state directory: the gate's {@code state.directory}, else the property {@code astrid.state.dir}).
 */
@Service
@Command(scope = "capsule", name = "audit", description = "Prints the last lines of the security gate's audit log.")
public final class AuditCommand implements Action {
  @Reference
  private ConfigurationAdmin configurations;

  @Option(name = "-n", description = "how many lines, the newest last (default 20)")
  private int lines = 20;

  @Override
  public Object execute() throws IOException {
    if (lines < 1) {
      throw new IllegalArgumentException("-n < 1: " + lines);
    }
    Path log = stateDirectory().resolve("audit.jsonl");
    // Only the last N lines are kept while reading: the log may hold up to its rollover size.
    Deque<String> last = new ArrayDeque<>(lines);
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (last.size() == lines) {
          last.removeFirst();
        }
        last.addLast(line);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("audit log [" + log + "] absent: nothing was audited yet", e);
    }
    Console.print(out -> last.forEach(line -> out.println(UntrustedText.escape(line))));
    return null;
  }

  private Path stateDirectory() throws IOException {
    Configuration gate = configurations.getConfiguration(CapsuleSecurityGate.PID, null);
    Object configured = gate.getProperties() == null ? null
        : gate.getProperties().get(CapsuleSecurityGate.STATE_DIRECTORY);
    return StateDirectory.resolve(configured == null ? null : configured.toString(),
        System.getProperty(StateDirectory.PROPERTY));
  }
}
