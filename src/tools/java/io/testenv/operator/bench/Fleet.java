package io.testenv.operator.bench;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Many environments created at once (eight at a time), each timed from its create to the readyAt its status
 * records, as an informer sees them turn Ready.
 */
final class Fleet implements AutoCloseable {

    private final Bench bench;
    private final Predicate<TestEnvironment> member;
    private final Map<String, Instant> created = new ConcurrentHashMap<>();
    private final Map<String, TestEnvironment> ready = new ConcurrentHashMap<>();
    private final SharedIndexInformer<TestEnvironment> informer;
    private Instant start;

    /** Follows the environments that {@code member} accepts. */
    Fleet(Bench bench, Predicate<TestEnvironment> member) {
        this.bench = bench;
        this.member = member;
        this.informer = bench.client
                .resources(TestEnvironment.class)
                .inAnyNamespace()
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(TestEnvironment env) {
                        onUpdate(null, env);
                    }

                    @Override
                    public void onUpdate(TestEnvironment old, TestEnvironment env) {
                        if (member.test(env)
                                && env.getStatus() != null
                                && env.getStatus().getPhase() == EnvironmentPhase.Ready) {
                            ready.putIfAbsent(key(env), env);
                        }
                    }

                    @Override
                    public void onDelete(TestEnvironment env, boolean unknown) {}
                });
    }

    /** Creates {@code count} environments, eight at a time; returns when every create has been answered. */
    void create(int count, IntFunction<TestEnvironment> environment) throws InterruptedException {
        start = Instant.now();
        ExecutorService creators = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            int index = i;
            creators.execute(() -> {
                TestEnvironment env = environment.apply(index);
                created.put(key(env), Instant.now());
                bench.create(env);
            });
        }
        creators.shutdown();
        creators.awaitTermination(1, TimeUnit.HOURS);
    }

    /** Waits until {@code count} environments are Ready or {@code limit} has passed; whether they all were. */
    boolean awaitReady(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (ready.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return ready.size() >= count;
    }

    int readyCount() {
        return ready.size();
    }

    /** From the first create to now. */
    Duration sinceStart() {
        return Duration.between(start, Instant.now());
    }

    /** Each Ready environment's time from its create to its status' readyAt. */
    List<Duration> timesToReady() {
        List<Duration> times = new ArrayList<>();
        ready.forEach((key, env) -> times.add(Duration.between(
                created.get(key), Instant.parse(env.getStatus().getTiming().getReadyAt()))));
        return times;
    }

    Map<String, TestEnvironment> ready() {
        return ready;
    }

    static String key(TestEnvironment env) {
        return env.getMetadata().getNamespace() + "/" + env.getMetadata().getName();
    }

    @Override
    public void close() {
        informer.close();
    }
}
