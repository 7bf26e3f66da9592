/**
 * Language models that capsules serve to the host: each {@code [[llm_provider]]} of a READY capsule
 * is an {@link io.astrid.capsule.api.llm.LlmProvider} OSGi service (docs/llm.md).
 */
@Export
@Version("1.0.0")
package io.astrid.capsule.api.llm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
