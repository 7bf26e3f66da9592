package io.astrid.capsule.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 18: a declarative command's text as docs/manifest.md says it is rendered. */
class Issue18CommandTextTest {

  @Test
  void aTomlFilesPromptIsTheTextAndPlaceholdersTakeTheArguments() {
    assertEquals("Review Main.java at high effort: Main.java high",
        CommandPipeline.render("# a comment\nprompt = \"Review $1 at $2 effort: $ARGUMENTS\"\n", "Main.java high"));
  }

  @Test
  void anyOtherFileIsTheTextAsItIs() {
    assertEquals("# Deploy\n\nDeploy to prod now.\n", CommandPipeline.render("# Deploy\n\nDeploy to $1 $2.\n",
        "  prod   now "));
  }

  @Test
  void missingWordsAreEmptyAndADoubledDollarIsOne() {
    assertEquals("costs $5 for [] and []", CommandPipeline.render("costs $$5 for [$1] and [$9]", ""));
  }

  @Test
  void argumentsAreNotReadAsPlaceholdersOrReplacementSyntax() {
    assertEquals("echo $1 \\$2 $ARGUMENTS", CommandPipeline.render("echo $ARGUMENTS", "$1 \\$2 $ARGUMENTS"));
  }
}
