/**
 * Test support shared by the modules' tests; exported so that Pax Exam's probes (itests/) import it inside the
 * container where this jar is installed as a bundle. Not for use outside tests.
 */
@Export
@Version("0.1.0")
package io.astrid.capsule.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
