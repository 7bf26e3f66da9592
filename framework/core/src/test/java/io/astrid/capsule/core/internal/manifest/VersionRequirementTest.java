package io.astrid.capsule.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.semver4j.Semver;

class VersionRequirementTest {

  @ParameterizedTest(name = "\"{0}\" against {1} is {2}")
  @CsvSource(delimiter = '|', textBlock = """
      >=0.1.0        | 0.1.0 | true
      >=0.1.0        | 0.0.9 | false
      >0.1.0         | 0.1.0 | false
      >0.1           | 0.1.9 | false
      >0.1           | 0.2.0 | true
      <0.2           | 0.1.9 | true
      <=0.1          | 0.1.9 | true
      <=0.1          | 0.2.0 | false
      =0.1.0         | 0.1.0 | true
      =0.1           | 0.1.7 | true
      =1             | 2.0.0 | false
      0.1.0          | 0.1.5 | true
      0.1.0          | 0.2.0 | false
      ^1.2.3         | 1.9.0 | true
      ^1.2.3         | 2.0.0 | false
      ^0.0.3         | 0.0.4 | false
      ^0.0           | 0.0.9 | true
      ^0             | 0.9.0 | true
      ~1.2.3         | 1.2.9 | true
      ~1.2.3         | 1.3.0 | false
      ~1             | 1.9.0 | true
      *              | 7.0.0 | true
      1.*            | 1.4.2 | true
      1.2.x          | 1.3.0 | false
      '>=0.1, <0.3'  | 0.2.9 | true
      '>=0.1, <0.3'  | 0.3.0 | false
      '>= 0.1.0'     | 0.1.0 | true
      """)
  void cargoRequirementsMatchAsCargoMatchesThem(String requirement, String version, boolean expected) {
    assertEquals(expected, VersionRequirement.parse(requirement).isSatisfiedBy(Semver.parse(version)));
  }

  @ParameterizedTest(name = "\"{0}\": {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ''          | is empty
      ~>1.0       | has comparator "~>1.0" that is not understood
      '>=1, '     | has comparator "" that is not understood
      >=1.*       | has comparator ">=1.*" with both an operator and a wildcard
      1.*.3       | has comparator "1.*.3" with a wildcard before a number
      >=1.0-beta  | has comparator ">=1.0-beta" with a pre-release on a partial version
      latest      | has comparator "latest" that is not understood
      """)
  void malformedRequirementsNameTheComparator(String requirement, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> VersionRequirement.parse(requirement)).getMessage());
  }
}
