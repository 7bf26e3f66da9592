package io.astrid.capsule.distribution;

/**
 * A system property set for the length of a test and then put back as it was: the build sets some
 * for every test (astrid.state.dir, so that no test writes to the user's ~/.astrid/state), and a
 * test that cleared one would leave the tests after it without.
 */
final class TemporaryProperty implements AutoCloseable {
  private final String key;
  private final String before;

  private TemporaryProperty(String key, String before) {
    this.key = key;
    this.before = before;
  }

  static TemporaryProperty set(String key, String value) {
    return new TemporaryProperty(key, System.setProperty(key, value));
  }

  @Override
  public void close() {
    if (before == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, before);
    }
  }
}
