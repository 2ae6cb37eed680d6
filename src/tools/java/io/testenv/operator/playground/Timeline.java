package io.testenv.operator.playground;

import io.testenv.operator.api.ComponentSpec;
import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.GateCondition;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.state.CriticalPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A text timeline of an environment's bring-up: one bar per component from applied to ready on a shared time
 * axis, the critical path marked with {@code *}.
 */
final class Timeline {

    static final int WIDTH = 50;

    private Timeline() {}

    static String render(TestEnvironment env, Instant now) {
        Instant start = parse(
                        env.getStatus().getTiming() == null
                                ? null
                                : env.getStatus().getTiming().getStartedAt())
                .orElse(now);
        List<ComponentStatus> components = env.getStatus().getComponents();
        Instant end = now;
        Optional<Instant> readyAt = parse(
                env.getStatus().getTiming() == null
                        ? null
                        : env.getStatus().getTiming().getReadyAt());
        if (readyAt.isPresent()) {
            end = readyAt.get();
        }
        double total = Math.max(0.001, seconds(start, end));
        List<String> critical =
                criticalPath(env).map(CriticalPath.Result::components).orElse(List.of());
        int nameWidth = Math.max(
                9, components.stream().mapToInt(c -> c.getName().length()).max().orElse(9));
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "  %-" + nameWidth + "s |%-" + WIDTH + "s| %s%n",
                "component",
                axis(total),
                "applied -> ready"));
        for (ComponentStatus component : components) {
            Optional<Instant> applied = parse(component.getAppliedAt());
            Optional<Instant> ready = parse(component.getReadyAt());
            char[] bar = " ".repeat(WIDTH).toCharArray();
            String span = "not applied";
            if (applied.isPresent()) {
                double from = seconds(start, applied.get());
                double to = ready.map(r -> seconds(start, r)).orElse(total);
                int a = column(from, total);
                int b = Math.max(a + 1, column(to, total));
                for (int i = a; i < Math.min(b, WIDTH); i++) {
                    bar[i] = ready.isPresent() ? '#' : '.';
                }
                span = String.format(
                        Locale.ROOT,
                        "%6.1fs -> %s",
                        from,
                        ready.map(r -> String.format(Locale.ROOT, "%.1fs", seconds(start, r)))
                                .orElse(String.valueOf(component.getPhase())));
            }
            out.append(String.format(
                    Locale.ROOT,
                    "  %-" + nameWidth + "s |%s| %s%s%n",
                    component.getName(),
                    new String(bar),
                    span,
                    critical.contains(component.getName()) ? "  *" : ""));
        }
        criticalPath(env)
                .ifPresent(path -> out.append(String.format(
                        Locale.ROOT,
                        "  * critical path: %s (%.1fs of component time)%n",
                        String.join(" -> ", path.components()),
                        path.duration().toMillis() / 1000.0)));
        return out.toString();
    }

    static Optional<CriticalPath.Result> criticalPath(TestEnvironment env) {
        List<CriticalPath.Times> times = new ArrayList<>();
        for (ComponentStatus status : env.getStatus().getComponents()) {
            Optional<ComponentSpec> spec = env.getSpec().getComponents().stream()
                    .filter(c -> c.getName().equals(status.getName()))
                    .findFirst();
            List<Gate> gates = spec.map(s -> s.getDependsOn() == null
                            ? List.<Gate>of()
                            : s.getDependsOn().stream()
                                    .map(d -> new Gate(
                                            d.getComponent(),
                                            d.getCondition() == null ? GateCondition.Ready : d.getCondition()))
                                    .toList())
                    .orElse(List.of());
            times.add(new CriticalPath.Times(
                    status.getName(),
                    parse(status.getAppliedAt()).orElse(null),
                    parse(status.getReadyAt()).orElse(null),
                    gates));
        }
        return CriticalPath.of(times);
    }

    private static String axis(double total) {
        char[] axis = " ".repeat(WIDTH).toCharArray();
        for (int tick = 0; tick < 5; tick++) {
            String label = String.format(Locale.ROOT, "%.0fs", total * tick / 4);
            int at = Math.min(WIDTH - label.length(), tick * (WIDTH - 1) / 4);
            for (int i = 0; i < label.length(); i++) {
                axis[at + i] = label.charAt(i);
            }
        }
        return new String(axis);
    }

    private static int column(double seconds, double total) {
        return (int) Math.round(Math.max(0, Math.min(1, seconds / total)) * (WIDTH - 1));
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    static Optional<Instant> parse(String timestamp) {
        return Optional.ofNullable(timestamp).map(Instant::parse);
    }
}
