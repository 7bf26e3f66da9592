package io.astrid.capsule.api.discovery;

/**
 * Where a capsule root comes from. When two roots hold capsules of the same name, the one whose
 * root comes first in the search order wins: workspace before user before extra roots.
 */
public enum RootScope {
  /** {@code .astrid/plugins/} under the workspace (the current directory). */
  WORKSPACE,
  /** The user's root: {@code plugins/} in the {@link io.astrid.capsule.api.host.AstridHome}. */
  USER,
  /** A root named on the command line or in configuration. */
  EXTRA
}
