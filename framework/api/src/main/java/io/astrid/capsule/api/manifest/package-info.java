/**
 * The {@code Capsule.toml} manifest as immutable records, the diagnostics a reader reports, and
 * the {@link io.astrid.capsule.api.manifest.ManifestReader} service that produces both.
 *
 * <p>All records are deeply immutable: lists and maps are unmodifiable copies, optional values
 * are {@link java.util.Optional}, and free-form TOML tables ({@code [package.metadata]}, a tool's
 * {@code input_schema}) are maps of plain Java values (String, Long, Double, Boolean, List, Map,
 * and {@code java.time} values for TOML dates).
 */
@Export
@Version("0.4.0")
package io.astrid.capsule.api.manifest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
