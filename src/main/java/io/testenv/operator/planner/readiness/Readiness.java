package io.testenv.operator.planner.readiness;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The readiness rules as a library: the state of one Kubernetes object, computed from its content alone, as the
 * operator computes it before it opens a gate. Other Java tools (test harnesses, CLIs, other operators) call it
 * the way Go tools call kstatus' {@code status.Compute}: it fetches nothing, so the object must be given whole,
 * status included.
 *
 * <pre>{@code
 * Map<String, Object> deployment = ...; // e.g. new ObjectMapper().readValue(json, Map.class)
 * ObjectHealth health = Readiness.compute(deployment);
 * if (health.state() == ObjectState.Failed) { fail(health.reason() + ": " + health.message()); }
 *
 * // with the overrides a TestEnvironment component can declare:
 * Readiness.compute(service, Readiness.CelOverride.readyWhen("Service", "true"));
 * }</pre>
 *
 * The object is the JSON form of the object as the API server returns it: nested maps and lists, numbers of any
 * {@link Number} type. A malformed object never throws; a missing field reads as "not yet". Thread-safe.
 */
public final class Readiness {

    /** What {@link #compute} uses; programs are compiled once per distinct expression and kept for good. */
    private static final Readiness STANDARD = new Readiness(ReadinessRules.standard(), new CelHealth());

    private final ReadinessRules rules;
    private final CelHealth cel;

    /** The built-in rules with overrides compiled, and cached, by this CEL environment. */
    public Readiness(ReadinessRules rules, CelHealth cel) {
        this.rules = rules;
        this.cel = cel;
    }

    /**
     * A readiness override for the objects of one kind, written in CEL over the object ({@code self}):
     * {@code failedWhen} true fails the object; {@code readyWhen}, when given, decides ready (true) or in
     * progress (false); without it the built-in rule decides. Either expression may be null; a blank one is null.
     * A component's {@code health} entries are these.
     */
    public record CelOverride(String kind, String readyWhen, String failedWhen) {

        public CelOverride {
            Objects.requireNonNull(kind, "kind");
            readyWhen = blankToNull(readyWhen);
            failedWhen = blankToNull(failedWhen);
        }

        public static CelOverride readyWhen(String kind, String expression) {
            return new CelOverride(kind, expression, null);
        }

        public static CelOverride failedWhen(String kind, String expression) {
            return new CelOverride(kind, null, expression);
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text;
        }
    }

    /**
     * The state of the object (ready, in progress or failed), with a CamelCase reason and a short message. The
     * message names objects and gives counts, revisions, and the reasons and messages controllers write into a
     * status for people to read; it quotes no other value of the object.
     *
     * @param object the object, e.g. {@code {apiVersion: apps/v1, kind: Deployment, metadata: ..., spec: ...,
     *        status: ...}}
     * @param overrides the first override whose kind is the object's replaces its built-in rule; others are ignored
     * @throws IllegalArgumentException if the override that applies has an expression that does not compile
     */
    public static ObjectHealth compute(Map<String, Object> object, CelOverride... overrides) {
        Objects.requireNonNull(object, "object");
        ObjectView view = new ObjectView(object);
        List<CelOverride> given = List.of(overrides);
        overrideFor(view.kind(), given).ifPresent(override -> {
            for (String expression : new String[] {override.readyWhen(), override.failedWhen()}) {
                if (expression != null) {
                    STANDARD.cel.compileError(expression).ifPresent(error -> {
                        throw new IllegalArgumentException(override.kind() + " override " + error);
                    });
                }
            }
        });
        return STANDARD.evaluate(view.group(), view.kind(), view, given);
    }

    /**
     * The state of an object, as {@link #compute} gives it, with the rule of this group and kind: the planner
     * passes its manifest's, {@code compute} the object's own. An expression that does not compile never throws
     * here: the object stays in progress with reason {@code NotYetEvaluable} (the operator reports the
     * expression on the spec before it evaluates anything).
     *
     * @param overrides the first override of this kind replaces the built-in rule; others are ignored
     */
    public ObjectHealth evaluate(String group, String kind, ObjectView object, List<CelOverride> overrides) {
        ReadinessRule builtin = rules.ruleFor(group, kind);
        ReadinessRule rule = overrideFor(kind, overrides)
                .map(override -> cel.override(builtin, override.readyWhen(), override.failedWhen()))
                .orElse(builtin);
        return rule.evaluate(object);
    }

    private static Optional<CelOverride> overrideFor(String kind, List<CelOverride> overrides) {
        return overrides.stream()
                .filter(override -> override.kind().equals(kind))
                .findFirst();
    }
}
