package io.testenv.operator.reconciler;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.testenv.operator.config.OperatorConfig;

/**
 * Graceful shutdown. On SIGTERM, before quarkus-operator-sdk stops java-operator-sdk (whose executor is then shut
 * down at once, interrupting what runs: its termination timeout is not configurable through this version of the
 * extension), no new reconcile starts and the ones in flight get {@code testenv.shutdown-grace} to finish their
 * applies and status writes. What did not start is the next operator's, which reconciles every environment when
 * it starts.
 */
@ApplicationScoped
public class Draining {

    private final Duration grace;
    private int inFlight;
    private boolean draining;

    public Draining(OperatorConfig config) {
        this.grace = config.shutdownGrace();
    }

    /** Whether a reconcile may run; if so, {@link #exit()} must follow. */
    synchronized boolean enter() {
        if (draining) {
            return false;
        }
        inFlight++;
        return true;
    }

    synchronized void exit() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    /** Observed before quarkus-operator-sdk's own shutdown observer (priority 2500). */
    void onShutdown(@Observes @Priority(1000) ShutdownEvent event) throws InterruptedException {
        long started = System.nanoTime();
        int waitedFor;
        synchronized (this) {
            draining = true;
            waitedFor = inFlight;
            long deadline = started + grace.toNanos();
            while (inFlight > 0 && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        Log.infof("stopping: %d reconciles were in flight, %d still are after %d ms; no new one starts", waitedFor,
                stillInFlight(), (System.nanoTime() - started) / 1_000_000);
    }

    private synchronized int stillInFlight() {
        return inFlight;
    }
}
