package io.testenv.operator.reconciler;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.testenv.operator.config.OperatorConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What runs, per environment, across the two controllers of the kind, which java-operator-sdk serialises each on
 * its own but not with each other:
 * <ul>
 * <li>An environment's teardown does not start while a bring-up of it runs (it is tried again shortly), and a
 * bring-up does not start while its teardown runs or once it is done (a bring-up from a cache that has not seen
 * the deletion yet would apply objects nobody deletes).</li>
 * <li>Graceful shutdown. On SIGTERM, before quarkus-operator-sdk stops java-operator-sdk (whose executor is then
 * shut down at once, interrupting what runs: its termination timeout is not configurable through this version of
 * the extension), nothing new starts and what is in flight gets {@code testenv.shutdown-grace} to finish its
 * applies and status writes. What did not start is the next operator's, which reconciles every environment when
 * it starts.</li>
 * </ul>
 */
@ApplicationScoped
public class InFlight {

    /** How many torn-down environments are remembered (their bring-ups refused). */
    public static final int TORN_DOWN_REMEMBERED = 10_000;

    private final Duration grace;
    private int running;
    private boolean draining;
    private final Map<String, Integer> bringingUp = new HashMap<>();
    private final Set<String> tearingDown = new HashSet<>();
    private final Set<String> tornDown = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > TORN_DOWN_REMEMBERED;
        }
    });

    public InFlight(OperatorConfig config) {
        this.grace = config.shutdownGrace();
    }

    /** Whether a bring-up of the environment may run; if so, {@link #exitBringUp} must follow. */
    public synchronized boolean enterBringUp(String uid) {
        if (draining || tearingDown.contains(uid) || tornDown.contains(uid)) {
            return false;
        }
        running++;
        bringingUp.merge(uid, 1, Integer::sum);
        return true;
    }

    public synchronized void exitBringUp(String uid) {
        bringingUp.computeIfPresent(uid, (k, n) -> n > 1 ? n - 1 : null);
        exit();
    }

    /** Whether the environment's teardown may run now; if so, {@link #exitTeardown} must follow. */
    public synchronized boolean enterTeardown(String uid) {
        if (draining || bringingUp.containsKey(uid) || !tearingDown.add(uid)) {
            return false;
        }
        running++;
        return true;
    }

    /** @param done the teardown finished: the environment goes, and no bring-up of it may start again */
    public synchronized void exitTeardown(String uid, boolean done) {
        tearingDown.remove(uid);
        if (done) {
            tornDown.add(uid);
        }
        exit();
    }

    public synchronized boolean isDraining() {
        return draining;
    }

    private void exit() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    /** Observed before quarkus-operator-sdk's own shutdown observer (priority 2500). */
    public void onShutdown(@Observes @Priority(1000) ShutdownEvent event) throws InterruptedException {
        long started = System.nanoTime();
        int waitedFor;
        int still;
        synchronized (this) {
            draining = true;
            waitedFor = running;
            long deadline = started + grace.toNanos();
            while (running > 0 && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            still = running;
        }
        Log.infof(
                "stopping: %d reconciles were in flight, %d still are after %d ms; no new one starts",
                waitedFor, still, (System.nanoTime() - started) / 1_000_000);
    }
}
