package io.astrid.capsule.shell;

import io.astrid.capsule.api.gateway.McpGateway;
import java.net.URI;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code capsule:serve}: starts the MCP gateway's HTTP endpoint, as {@code capsule run} does, and prints its URL
 * as the command line does. Karaf opens no port for the gateway by itself (the whiteboard's server is off until
 * then); the endpoint serves until the gateway is deactivated (its bundle stopped, its configuration changed,
 * Karaf stopped).
 */
@Service
@Command(scope = "capsule", name = "serve", description = "Serves every capsule as one MCP server over HTTP.")
public final class ServeCommand implements Action {
  @Reference
  private McpGateway gateway;

  @Override
  public Object execute() {
    URI url = gateway.serveHttp();
    Console.print(out -> out.println("mcp: serving at " + url));
    return null;
  }
}
