package io.astrid.capsule.shell;

import io.astrid.capsule.api.gateway.McpGateway;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code capsule:serve} in Karaf: {@link ShellCommands#serve}. Karaf opens no port for the gateway by itself (the
 * whiteboard's server is off until then); the endpoint serves until the gateway is deactivated (its bundle
 * stopped, its configuration changed, Karaf stopped).
 */
@Service
@Command(scope = "capsule", name = "serve", description = GogoCommands.SERVE)
public final class ServeCommand implements Action {
  @Reference
  private McpGateway gateway;

  @Override
  public Object execute() {
    ShellCommands.serve(gateway);
    return null;
  }
}
