package io.astrid.capsule.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 13, finding 8: a capsule's log lines beyond its rate are dropped and counted, per capsule. */
class TokenBucketLogRateTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<String> reports = new ArrayList<>();
  private final TokenBucketLogRate rate = new TokenBucketLogRate(10, 5, now::get);

  private int admitted(String capsule, int lines) {
    int admitted = 0;
    for (int i = 0; i < lines; i++) {
      admitted += rate.admit(capsule, reports::add) ? 1 : 0;
    }
    return admitted;
  }

  @Test
  void finding8_aBurstIsAdmittedThenLinesAreDroppedUntilTheBucketRefills() {
    assertEquals(5, admitted("flood", 100));
    now.addAndGet(250_000_000); // a quarter second: 2.5 lines at 10 a second

    assertEquals(2, admitted("flood", 100));
    assertEquals(List.of("capsule [flood]: 95 log lines dropped"), reports);
  }

  @Test
  void finding8_capsulesHaveBucketsOfTheirOwn() {
    assertEquals(5, admitted("flood", 100));
    assertEquals(5, admitted("quiet", 5));
    assertEquals(List.of(), reports);
  }

  @Test
  void finding8_aLongSilenceRefillsTheBucketOnlyToItsSize() {
    admitted("flood", 5);
    now.addAndGet(Long.MAX_VALUE / 2);

    assertEquals(5, admitted("flood", 10));
  }

  @Test
  void finding8_aRateOrBurstBelowOneIsRefusedNamingTheKey() {
    assertEquals("guest.log.lines.per.second < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> new TokenBucketLogRate(0, 5, now::get)).getMessage());
    assertEquals("guest.log.burst.lines < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> new TokenBucketLogRate(5, 0, now::get)).getMessage());
  }
}
