package io.testenv.operator.planner.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.planner.pool.Member.State;
import io.testenv.operator.planner.state.ConditionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pool's decisions, one row each. Members: {@code name=State[/claim][^old]}, made one second apart in the
 * order written ({@code ^old}: from an older template). Claims: {@code name@second}, made at that second; a
 * {@code !} suffix marks a claim whose components clash with the template's, a {@code *} one a claim bound before.
 */
class PoolPlannerTest {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final String TEMPLATE = "t2";

    static List<Member> members(String notation) {
        List<Member> members = new ArrayList<>();
        String[] items = notation.isBlank() ? new String[0] : notation.trim().split("\\s+");
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            boolean old = item.endsWith("^old");
            item = item.replace("^old", "");
            String[] nameState = item.split("=");
            String[] stateClaim = nameState[1].split("/");
            members.add(new Member(
                    nameState[0],
                    T0.plusSeconds(i),
                    old ? "t1" : TEMPLATE,
                    State.valueOf(stateClaim[0]),
                    stateClaim.length > 1 ? stateClaim[1] : null,
                    null));
        }
        return members;
    }

    static List<Claim> claims(String notation) {
        return Arrays.stream(
                        notation.isBlank() ? new String[0] : notation.trim().split("\\s+"))
                .map(item -> {
                    boolean clash = item.endsWith("!");
                    boolean once = item.endsWith("*");
                    String[] nameAt = item.replace("!", "").replace("*", "").split("@");
                    return new Claim(
                            nameAt[0],
                            T0.plusSeconds(Long.parseLong(nameAt[1])),
                            clash ? List.of("db") : List.of("sut"),
                            false,
                            once);
                })
                .toList();
    }

    static PoolPlan plan(int size, Integer maxSize, String members, String claims) {
        return PoolPlanner.plan(
                new PoolModel(size, maxSize, TEMPLATE, Set.of("db")),
                members(members),
                claims(claims),
                BackOff.NONE,
                T0.plusSeconds(100),
                1);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // name, size, maxSize, members, claims, create, delete, bindings
                Arguments.of("an empty pool fills up", 3, null, "", "", 3, "", ""),
                Arguments.of("bringing up counts", 3, null, "e1=Ready e2=BringingUp", "", 1, "", ""),
                Arguments.of("full", 2, null, "e1=Ready e2=Ready", "", 0, "", ""),
                Arguments.of(
                        "claims take the oldest Ready, first come first served",
                        2,
                        null,
                        "e1=Ready e2=Ready e3=BringingUp",
                        "late@9 early@1",
                        1,
                        "",
                        "early>e1 late>e2"),
                Arguments.of(
                        "claims beyond the cap wait, and nothing is made for them",
                        3,
                        3,
                        "e1=Ready/a e2=Ready/b e3=Ready/c",
                        "a@1 b@2 c@3 d@4",
                        0,
                        "",
                        ""),
                Arguments.of(
                        "a waiting claim gets an environment made for it, under the cap",
                        1,
                        3,
                        "e1=Ready/a",
                        "a@1 b@2",
                        2,
                        "",
                        ""),
                Arguments.of("a claimed environment is replaced", 1, null, "e1=Ready/a", "a@1", 1, "", ""),
                Arguments.of(
                        "a failed unclaimed environment is deleted; its replacement waits out the back-off",
                        2,
                        null,
                        "e1=Ready e2=Failed",
                        "",
                        0,
                        "e2:EnvironmentFailed",
                        ""),
                Arguments.of(
                        "a failed claimed environment stays with its claim",
                        1,
                        null,
                        "e1=Failed/a e2=Ready",
                        "a@1",
                        0,
                        "",
                        ""),
                Arguments.of(
                        "a template change replaces the unclaimed, never the claimed",
                        2,
                        null,
                        "e1=Ready/a^old e2=Ready^old e3=BringingUp^old",
                        "a@1",
                        2,
                        "e2:TemplateChanged e3:TemplateChanged",
                        ""),
                Arguments.of(
                        "an environment of an older template is never bound",
                        1,
                        null,
                        "e1=Ready^old",
                        "a@1",
                        2,
                        "e1:TemplateChanged",
                        ""),
                Arguments.of(
                        "scaling down deletes the newest, those bringing up first",
                        1,
                        null,
                        "e1=Ready e2=Ready e3=BringingUp",
                        "",
                        0,
                        "e3:ScaledDown e2:ScaledDown",
                        ""),
                Arguments.of("deleting environments count for nothing", 1, null, "e1=Deleting", "", 1, "", ""),
                Arguments.of(
                        "a claim whose environment is being deleted is never served again",
                        1,
                        null,
                        "e1=Deleting/a e2=Ready",
                        "a@1 b@2",
                        1,
                        "",
                        "b>e2"),
                Arguments.of(
                        "a claim bound before, its environment gone, is never served again",
                        1,
                        null,
                        "e2=Ready",
                        "a@1* b@2",
                        1,
                        "",
                        "b>e2"),
                Arguments.of(
                        "a claim whose components clash is never served",
                        1,
                        null,
                        "e1=Ready",
                        "bad@1! good@2",
                        1,
                        "",
                        "good>e1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(
            String name,
            int size,
            Integer maxSize,
            String members,
            String claims,
            int create,
            String delete,
            String bindings) {
        PoolPlan plan = plan(size, maxSize, members, claims);
        assertThat(plan.create()).as("create").isEqualTo(create);
        assertThat(plan.delete())
                .extracting(d -> d.environment() + ":" + d.reason())
                .as("delete")
                .containsExactlyElementsOf(words(delete));
        assertThat(plan.bindings())
                .extracting(b -> b.claim() + ">" + b.environment())
                .as("bindings")
                .containsExactlyElementsOf(words(bindings));
    }

    static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    @Test
    void countsAndReadyFollowWhatIsLeftAfterBinding() {
        PoolPlan plan = plan(2, null, "e1=Ready e2=Ready e3=Ready/x", "x@0 a@1");
        assertThat(plan.ready()).isEqualTo(1);
        assertThat(plan.claimed()).isEqualTo(2);
        assertThat(plan.bringingUp()).as("the one made now").isEqualTo(1);
        assertThat(condition(plan, "Ready").status()).isEqualTo("False");
        assertThat(condition(plan, "Ready").reason()).isEqualTo("BringingUp");
        assertThat(condition(plan, "Stalled").status()).isEqualTo("False");
    }

    @Test
    void aFailingTemplateBacksOffAndBringsUpOneAtATime() {
        PoolModel pool = new PoolModel(3, null, TEMPLATE, Set.of("db"));
        Instant now = T0.plusSeconds(100);
        PoolPlan first = PoolPlanner.plan(pool, members("e1=Failed e2=BringingUp"), List.of(), BackOff.NONE, now, 1);
        assertThat(first.backOff()).isEqualTo(new BackOff(1, now.plus(BackOff.FIRST)));
        assertThat(first.create()).as("waiting out the back-off").isZero();
        assertThat(first.wakeAt()).contains(now.plus(BackOff.FIRST));
        assertThat(condition(first, "Stalled").status()).isEqualTo("True");
        assertThat(condition(first, "Stalled").reason()).isEqualTo("TemplateFails");

        Instant later = now.plusSeconds(3);
        PoolPlan retry = PoolPlanner.plan(pool, members(""), List.of(), first.backOff(), later, 1);
        assertThat(retry.create()).as("one probe, not three").isEqualTo(1);

        PoolPlan probing = PoolPlanner.plan(pool, members("e3=BringingUp"), List.of(), first.backOff(), later, 1);
        assertThat(probing.create()).as("nothing more while the probe runs").isZero();

        PoolPlan again = PoolPlanner.plan(pool, members("e3=Failed"), List.of(), first.backOff(), later, 1);
        assertThat(again.backOff().failures()).isEqualTo(2);
        assertThat(again.backOff().retryAt()).isEqualTo(later.plus(Duration.ofSeconds(4)));

        PoolPlan healed = PoolPlanner.plan(pool, members("e4=Ready"), List.of(), again.backOff(), later, 1);
        assertThat(healed.backOff()).isEqualTo(BackOff.NONE);
        assertThat(healed.create()).isEqualTo(2);
        assertThat(condition(healed, "Stalled").status()).isEqualTo("False");
    }

    @Test
    void aTemplateTheApiServerRefusesBacksOffAndSaysWhy() {
        Instant now = T0.plusSeconds(100);
        PoolPlan refused = PoolPlanner.refused(plan(2, null, "", ""), "the API server refuses it (422)", now);
        assertThat(refused.backOff()).isEqualTo(new BackOff(1, now.plus(BackOff.FIRST)));
        assertThat(refused.wakeAt()).contains(now.plus(BackOff.FIRST));
        assertThat(condition(refused, "Stalled").reason()).isEqualTo("TemplateRefused");
        assertThat(condition(refused, "Stalled").message()).contains("422");
    }

    @Test
    void theWaitDoublesUpToFiveMinutes() {
        assertThat(BackOff.wait(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(BackOff.wait(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(BackOff.wait(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(BackOff.wait(50)).isEqualTo(Duration.ofMinutes(5));
    }

    static ConditionRecord condition(PoolPlan plan, String type) {
        return plan.conditions().stream()
                .filter(c -> c.type().equals(type))
                .findFirst()
                .orElseThrow();
    }
}
