package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetsTest {

  @Test
  void aCountBudgetLetsThatManyCallsThroughPerCapsule() {
    Budgets budgets = Budgets.parse("fs_write=2");

    assertEquals(Optional.empty(), budgets.spend("a", "fs_write"));
    assertEquals(Optional.empty(), budgets.spend("a", "fs_write"));
    assertEquals(Optional.of("capsule [a] has spent its budget [fs_write=2]"), budgets.spend("a", "fs_write"));
    assertEquals(Optional.empty(), budgets.spend("b", "fs_write"), "each capsule has its own budget");
    assertEquals(Optional.empty(), budgets.spend("a", "net"), "other capabilities are not budgeted");
  }

  @Test
  void aRateBudgetAndACapsulesOwnBudgetBeatTheGeneralOne() {
    Budgets budgets = Budgets.parse("net=100/1m, agent:net=1/1h");

    assertEquals(Optional.empty(), budgets.spend("agent", "net"));
    assertEquals(Optional.of("capsule [agent] has spent its budget [agent:net=1/1h]"), budgets.spend("agent", "net"));
    for (int i = 0; i < 100; i++) {
      assertEquals(Optional.empty(), budgets.spend("other", "net"));
    }
    assertEquals(Optional.of("capsule [other] has spent its budget [net=100/1m]"), budgets.spend("other", "net"));
  }

  @Test
  void aMalformedBudgetIsRefusedNamingIt() {
    assertEquals("budget [net=lots] is not CAPABILITY=N or CAPABILITY=N/DURATION (such as net=100/1m), optionally"
        + " after CAPSULE:", assertThrows(IllegalArgumentException.class, () -> Budgets.parse("net=lots"))
        .getMessage());
  }
}
