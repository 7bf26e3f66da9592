/**
 * The gateway: the runtime's capsules served to agents as one MCP server, over Streamable HTTP
 * and over stdio.
 */
@Export
@Version("2.1.0")
package io.astrid.capsule.api.gateway;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
