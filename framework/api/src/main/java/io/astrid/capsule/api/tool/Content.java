package io.astrid.capsule.api.tool;

/** One item of a tool result, as in MCP: text, an image, audio, or an embedded resource. */
public sealed interface Content permits TextContent, ImageContent, AudioContent, ResourceContent {}
