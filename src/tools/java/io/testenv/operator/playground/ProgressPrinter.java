package io.testenv.operator.playground;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.TestEnvironment;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints one line per component transition of every TestEnvironment (time since its bring-up started,
 * environment, component, new phase, why) and, when an environment becomes Ready or Failed, its timeline.
 */
final class ProgressPrinter implements AutoCloseable {

    private final KubernetesClient client;
    private final PrintStream out;
    private final Clock clock;
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>();
    private SharedIndexInformer<TestEnvironment> informer;

    ProgressPrinter(KubernetesClient client, PrintStream out, Clock clock) {
        this.client = client;
        this.out = out;
        this.clock = clock;
    }

    void start() {
        informer = client.resources(TestEnvironment.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(TestEnvironment env) {
                print(env);
            }

            @Override
            public void onUpdate(TestEnvironment old, TestEnvironment env) {
                print(env);
            }

            @Override
            public void onDelete(TestEnvironment env, boolean unknown) {
                String prefix = id(env) + "/";
                lastSeen.keySet().removeIf(k -> k.startsWith(prefix) || k.equals(id(env)));
            }
        });
    }

    synchronized void print(TestEnvironment env) {
        if (env.getStatus() == null || env.getStatus().getComponents() == null) {
            return;
        }
        Instant now = clock.instant();
        Optional<Instant> started = Timeline.parse(
                env.getStatus().getTiming() == null
                        ? null
                        : env.getStatus().getTiming().getStartedAt());
        for (ComponentStatus component : env.getStatus().getComponents()) {
            String state = component.getPhase() + " " + component.getReason();
            String before = lastSeen.put(id(env) + "/" + component.getName(), state);
            if (!Objects.equals(before, state)) {
                Optional<Instant> when = when(component, before == null ? started : Optional.of(now), now);
                out.printf(
                        Locale.ROOT,
                        "%s  %-28s %-16s %-11s %s%n",
                        at(started, when),
                        id(env),
                        component.getName(),
                        component.getPhase(),
                        component.getMessage());
            }
        }
        EnvironmentPhase phase = env.getStatus().getPhase();
        String previous = lastSeen.put(id(env), String.valueOf(phase));
        if (!String.valueOf(phase).equals(previous)
                && (phase == EnvironmentPhase.Ready || phase == EnvironmentPhase.Failed)) {
            Optional<Instant> ended = phase == EnvironmentPhase.Ready
                    ? Timeline.parse(env.getStatus().getTiming().getReadyAt())
                    : Optional.of(now);
            out.printf(
                    Locale.ROOT,
                    "%s  %-28s is %s (%s): %s%n",
                    at(started, ended.or(() -> Optional.of(now))),
                    id(env),
                    phase,
                    env.getStatus().getReadyComponents(),
                    readyMessage(env));
            out.print(Timeline.render(env, now));
        }
    }

    /**
     * When the transition happened by the times the status recorded (applied, ready, failed): the same clock and
     * time zero as the timeline's. What the status does not time is shown at the bring-up's start when first
     * seen, else when the printer saw it.
     */
    private static Optional<Instant> when(ComponentStatus component, Optional<Instant> untimed, Instant now) {
        String phase = String.valueOf(component.getPhase());
        Optional<Instant> recorded = Timeline.parse(
                switch (phase) {
                    case "Ready" -> component.getReadyAt();
                    case "Failed" -> component.getFailedAt();
                    case "Applying", "Progressing" -> component.getAppliedAt();
                    default -> null;
                });
        return recorded.isPresent() ? recorded : untimed.or(() -> Optional.of(now));
    }

    private static String at(Optional<Instant> started, Optional<Instant> when) {
        return started.flatMap(
                        start -> when.map(at -> String.format(Locale.ROOT, "%7.1fs", Timeline.seconds(start, at))))
                .orElse("       ");
    }

    private static String readyMessage(TestEnvironment env) {
        return env.getStatus().getConditions().stream()
                .filter(c ->
                        c.getType().equals(env.getStatus().getPhase() == EnvironmentPhase.Ready ? "Ready" : "Failed"))
                .map(c -> c.getMessage())
                .findFirst()
                .orElse("");
    }

    private static String id(TestEnvironment env) {
        return env.getMetadata().getNamespace() + "/" + env.getMetadata().getName();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
