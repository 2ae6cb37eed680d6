package io.testenv.operator.health;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.testenv.operator.config.OperatorConfig;
import io.testenv.operator.reconciler.observe.Watches;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness that reflects the informers: an informer that has synced once and then stops watching, for longer
 * than {@code testenv.liveness-grace}, makes the operator not live, so Kubernetes restarts it. A watch that is
 * reconnecting for a moment does not count, nor do informers that never started (a replica that is not the
 * leader), nor informers of kinds registered at run time (a kind whose CRD a user deleted must not restart the
 * operator for everyone).
 */
@Liveness
@ApplicationScoped
public class InformerLiveness implements HealthCheck {

    private final Operator operator;
    private final Watches watches;
    private final Duration grace;
    private final Clock clock;
    private final Map<String, Instant> unhealthySince = new ConcurrentHashMap<>();

    public InformerLiveness(Operator operator, Watches watches, OperatorConfig config, Clock clock) {
        this.operator = operator;
        this.watches = watches;
        this.grace = config.livenessGrace();
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = clock.instant();
        Set<String> failing = new TreeSet<>();
        for (RegisteredController<?> controller : operator.getRuntimeInfo().getRegisteredControllers()) {
            for (Map.Entry<String, InformerWrappingEventSourceHealthIndicator> source : controller
                    .getControllerHealthInfo()
                    .informerEventSourceHealthIndicators()
                    .entrySet()) {
                if (watches.isDynamic(source.getKey())) {
                    continue;
                }
                Map<String, InformerHealthIndicator> informers =
                        source.getValue().informerHealthIndicators();
                informers.forEach((namespace, informer) -> {
                    String key = source.getKey() + " (" + namespace + ")";
                    if (stuck(key, informer.hasSynced(), informer.isRunning() && informer.isWatching(), now)) {
                        failing.add(key);
                    }
                });
            }
        }
        return HealthCheckResponse.named("testenv informers")
                .status(failing.isEmpty())
                .withData("notWatching", String.join(", ", failing))
                .build();
    }

    /** Whether an informer that had synced has not been watching for longer than the grace period. */
    boolean stuck(String key, boolean synced, boolean watching, Instant now) {
        if (!synced || watching) {
            unhealthySince.remove(key);
            return false;
        }
        Instant since = unhealthySince.computeIfAbsent(key, k -> now);
        return Duration.between(since, now).compareTo(grace) > 0;
    }
}
