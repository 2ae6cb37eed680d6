package io.testenv.operator.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each namespace's tasks in turn: a flood in one namespace does not hold back another's task. */
class FairQueueTest {

    /**
     * Tasks are "namespace:n", added in the order given; the order taken is the expected one. A namespace that
     * came late is served at the next turn.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one namespace: in the order they came      | a:1 a:2 a:3                 | a:1 a:2 a:3
            a flood, then a canary                     | a:1 a:2 a:3 a:4 b:1         | a:1 b:1 a:2 a:3 a:4
            two floods interleave                      | a:1 a:2 a:3 b:1 b:2 b:3     | a:1 b:1 a:2 b:2 a:3 b:3
            three namespaces, one turn each            | a:1 a:2 b:1 c:1 c:2         | a:1 b:1 c:1 a:2 c:2
            """)
    void takesEachNamespaceInTurn(String name, String added, String expected) {
        FairQueue<String> queue = new FairQueue<>();
        for (String task : added.split(" ")) {
            queue.add(task.substring(0, task.indexOf(':')), task);
        }
        List<String> taken = new ArrayList<>();
        for (Optional<String> next = queue.poll(); next.isPresent(); next = queue.poll()) {
            taken.add(next.get());
        }
        assertThat(String.join(" ", taken)).isEqualTo(expected);
        assertThat(queue.size()).isZero();
    }

    @Test
    void aNamespaceArrivingLateWaitsAtMostOneTurnOfEachQueuedNamespace() {
        FairQueue<String> queue = new FairQueue<>();
        queue.add("a", "a:1");
        queue.add("a", "a:2");
        assertThat(queue.poll()).contains("a:1");
        queue.add("b", "b:1");
        queue.add("a", "a:3");
        assertThat(queue.poll()).contains("a:2");
        assertThat(queue.poll()).contains("b:1");
        assertThat(queue.poll()).contains("a:3");
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void theExecutorServesAWaitingNamespaceBeforeTheRestOfAFlood() throws Exception {
        try (FairExecutor executor = new FairExecutor(1, "test")) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> order = new ArrayList<>();
            CompletableFuture<Void> blocker = executor.supply("a", () -> {
                started.countDown();
                await(release);
                return null;
            });
            // the only thread is busy: what follows queues up
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                String task = "a:" + i;
                all.add(executor.supply("a", () -> record(order, task)));
            }
            all.add(executor.supply("b", () -> record(order, "b:1")));
            release.countDown();
            blocker.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("a:1", "b:1", "a:2", "a:3", "a:4", "a:5");
        }
    }

    @Test
    void aFailingTaskFailsItsFutureOnly() throws Exception {
        try (FairExecutor executor = new FairExecutor(1, "test")) {
            CompletableFuture<String> failing = executor.supply("a", () -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<String> next = executor.supply("a", () -> "fine");
            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("fine");
            assertThat(failing).isCompletedExceptionally();
        }
    }

    private static Void record(List<String> order, String task) {
        synchronized (order) {
            order.add(task);
        }
        return null;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
