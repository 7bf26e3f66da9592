/**
 * Tools as the host sees them: {@link io.astrid.capsule.api.tool.CapsuleTool}, its
 * {@link io.astrid.capsule.api.tool.ToolResult} (shaped like an MCP {@code CallToolResult}), and
 * the {@link io.astrid.capsule.api.tool.ToolCallInterceptor} whiteboard around every call, and the
 * {@link io.astrid.capsule.api.tool.ToolCaller} a call came from.
 *
 * <p>Arguments and schemas are JSON values as plain Java objects: {@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, {@code Long}/{@code Double} (or other {@code Number}s),
 * {@code Boolean} and {@code null}.
 */
@Export
@Version("0.3.0")
package io.astrid.capsule.api.tool;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
