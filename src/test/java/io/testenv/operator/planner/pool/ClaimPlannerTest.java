package io.testenv.operator.planner.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.planner.pool.ClaimPlanner.ClaimDecision;
import io.testenv.operator.planner.pool.ClaimPlanner.ClaimView;
import io.testenv.operator.planner.pool.ClaimPlanner.EnvironmentView;
import io.testenv.operator.planner.pool.ClaimPlanner.PoolView;
import io.testenv.operator.planner.state.ConditionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimPlannerTest {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final PoolView POOL = new PoolView(false, null, null, new PoolModel(1, null, "t", Set.of("db")));

    static ClaimView claim(Duration lifetime, String boundBefore, String... components) {
        return new ClaimView(
                new Claim("c", T0, List.of(components), false, boundBefore != null), lifetime, boundBefore, 1);
    }

    static EnvironmentView env(long generation, long observed, String readyStatus) {
        return new EnvironmentView(
                "pool-x1",
                "pool-ab12c",
                generation,
                observed,
                Map.of("Ready", new ConditionRecord("Ready", readyStatus, "AllComponentsReady", "ready", T0, observed)),
                Map.of("URL", "postgres://db"),
                false);
    }

    static ConditionRecord ready(ClaimDecision decision) {
        return decision.conditions().stream()
                .filter(c -> c.type().equals("Ready"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void mirrorsTheEnvironmentOnceItTookTheClaimIn() {
        ClaimDecision bound =
                ClaimPlanner.decide(claim(null, null), Optional.of(POOL), Optional.of(env(2, 2, "True")), T0);
        assertThat(ready(bound).status()).isEqualTo("True");
        assertThat(bound.outputs()).containsEntry("URL", "postgres://db");

        ClaimDecision applying =
                ClaimPlanner.decide(claim(null, null), Optional.of(POOL), Optional.of(env(2, 1, "True")), T0);
        assertThat(ready(applying).status())
                .as("the Ready of the spec before the claim's components")
                .isEqualTo("False");
        assertThat(ready(applying).reason()).isEqualTo("ApplyingClaim");
    }

    @Test
    void saysWhyThereIsNoEnvironment() {
        assertThat(ready(ClaimPlanner.decide(claim(null, null), Optional.of(POOL), Optional.empty(), T0))
                        .reason())
                .isEqualTo("WaitingForCapacity");
        assertThat(ready(ClaimPlanner.decide(claim(null, null), Optional.empty(), Optional.empty(), T0))
                        .reason())
                .isEqualTo("PoolNotFound");
        PoolView stalled = new PoolView(true, null, null, POOL.model());
        assertThat(ready(ClaimPlanner.decide(claim(null, null), Optional.of(stalled), Optional.empty(), T0))
                        .reason())
                .isEqualTo("PoolStalled");
        assertThat(ready(ClaimPlanner.decide(claim(null, null, "db"), Optional.of(POOL), Optional.empty(), T0))
                        .reason())
                .isEqualTo("ComponentClash");
        assertThat(ready(ClaimPlanner.decide(claim(null, "pool-x1"), Optional.of(POOL), Optional.empty(), T0))
                        .reason())
                .as("bound once, never bound again")
                .isEqualTo("EnvironmentGone");
    }

    @Test
    void theLifetimeIsTheClaimsOrThePoolsDefaultAndNeverBeyondTheMaximum() {
        PoolView limits = new PoolView(false, Duration.ofMinutes(30), Duration.ofHours(1), POOL.model());
        assertThat(ClaimPlanner.expiresAt(claim(null, null), Optional.of(limits)))
                .contains(T0.plusSeconds(1800));
        assertThat(ClaimPlanner.expiresAt(claim(Duration.ofMinutes(10), null), Optional.of(limits)))
                .contains(T0.plusSeconds(600));
        assertThat(ClaimPlanner.expiresAt(claim(Duration.ofHours(8), null), Optional.of(limits)))
                .contains(T0.plusSeconds(3600));
        assertThat(ClaimPlanner.expiresAt(claim(null, null), Optional.of(POOL))).isEmpty();
    }

    @Test
    void anExpiredClaimDeletesItsEnvironmentOnce() {
        ClaimView claim = claim(Duration.ofMinutes(10), null);
        ClaimDecision expired =
                ClaimPlanner.decide(claim, Optional.of(POOL), Optional.of(env(1, 1, "True")), T0.plusSeconds(600));
        assertThat(expired.deleteEnvironment()).isTrue();
        assertThat(ready(expired).reason()).isEqualTo("LifetimeExpired");
        ClaimDecision before =
                ClaimPlanner.decide(claim, Optional.of(POOL), Optional.of(env(1, 1, "True")), T0.plusSeconds(599));
        assertThat(before.deleteEnvironment()).isFalse();
        assertThat(before.expiresAt()).contains(T0.plusSeconds(600));
    }
}
