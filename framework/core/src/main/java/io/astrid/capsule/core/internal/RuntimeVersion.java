package io.astrid.capsule.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This runtime's version as capsules see it, written into the bundle by the build. */
public final class RuntimeVersion {
  private static final String RESOURCE = "runtime.properties";
  private static final String KEY = "astrid.runtime.version";

  private RuntimeVersion() {}

  /** Such as {@code 0.1.0}: the release this build belongs to, without a pre-release qualifier. */
  public static String current() {
    try (InputStream in = RuntimeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource [" + RESOURCE + "] absent from the core bundle");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty(KEY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource [" + RESOURCE + "]", e);
    }
  }
}
