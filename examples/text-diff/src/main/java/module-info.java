/** The text-diff capsule: its tools are a CapsuleToolProvider service. */
module io.astrid.examples.textdiff {
  requires io.astrid.capsule.api;

  provides io.astrid.capsule.api.jvm.CapsuleToolProvider with io.astrid.examples.textdiff.DiffTools;
}
