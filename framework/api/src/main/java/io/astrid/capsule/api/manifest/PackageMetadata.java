package io.astrid.capsule.api.manifest;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [package]} table: the capsule's identity and publishing metadata.
 *
 * @param name lowercase letters, digits and hyphens, starting with a letter (required)
 * @param version a semantic version such as {@code 1.2.3} (required)
 * @param description one line for listings
 * @param authors authors, in file order
 * @param repository source repository URL
 * @param homepage homepage URL
 * @param documentation documentation URL
 * @param license an SPDX expression such as {@code MIT OR Apache-2.0}
 * @param licenseFile a license file inside the capsule directory ({@code license-file})
 * @param readme a README inside the capsule directory
 * @param keywords at most five search keywords
 * @param categories at most five registry categories
 * @param astridVersion the requirement on the runtime's version ({@code astrid-version}), for
 *     example {@code >=0.1.0}; checked when the manifest is read
 * @param publish whether the capsule may be published to a registry (default true)
 * @param include glob patterns of files to pack
 * @param exclude glob patterns of files not to pack
 * @param metadata {@code [package.metadata]}: free-form tool-specific values
 */
public record PackageMetadata(
    String name,
    String version,
    Optional<String> description,
    List<String> authors,
    Optional<String> repository,
    Optional<String> homepage,
    Optional<String> documentation,
    Optional<String> license,
    Optional<String> licenseFile,
    Optional<String> readme,
    List<String> keywords,
    List<String> categories,
    Optional<String> astridVersion,
    boolean publish,
    List<String> include,
    List<String> exclude,
    Map<String, Object> metadata) {

  /** A package with only its name and version; everything else empty, publish true. */
  public static PackageMetadata of(String name, String version) {
    return new PackageMetadata(name, version, Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
        Optional.empty(), true, List.of(), List.of(), Map.of());
  }

  public PackageMetadata {
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    requireNonNull(description, "description");
    authors = Immutables.list(authors, "authors");
    requireNonNull(repository, "repository");
    requireNonNull(homepage, "homepage");
    requireNonNull(documentation, "documentation");
    requireNonNull(license, "license");
    requireNonNull(licenseFile, "licenseFile");
    requireNonNull(readme, "readme");
    keywords = Immutables.list(keywords, "keywords");
    categories = Immutables.list(categories, "categories");
    requireNonNull(astridVersion, "astridVersion");
    include = Immutables.list(include, "include");
    exclude = Immutables.list(exclude, "exclude");
    metadata = Immutables.orderedMap(metadata, "metadata");
  }
}
