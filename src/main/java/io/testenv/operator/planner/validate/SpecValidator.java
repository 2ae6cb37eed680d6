package io.testenv.operator.planner.validate;

import io.testenv.operator.api.ComponentSpec;
import io.testenv.operator.api.TestEnvironmentSpec;
import io.testenv.operator.planner.graph.ComponentGraph;
import io.testenv.operator.planner.graph.GraphError;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.model.GoDuration;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.CelOutputs;
import io.testenv.operator.planner.readiness.Readiness.CelOverride;
import io.testenv.operator.planner.state.Reasons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a spec before anything is applied. Every problem found is reported, each in a sentence that names
 * the component and manifest so the user can fix them all in one edit.
 */
public final class SpecValidator {

    /** The longest bring-up an environment may ask for (its timeout). */
    public static final Duration MAX_TIMEOUT =
            GoDuration.parse(TestEnvironmentSpec.MAX_TIMEOUT).orElseThrow();
    /** Label values (the environment's name is one, on every object) hold at most this many characters. */
    public static final int MAX_LABEL_VALUE = 63;

    public static final String ENVIRONMENT_LABEL = "testenv.io/environment";

    private static final Pattern DNS_LABEL = Pattern.compile(ComponentSpec.DNS_LABEL);

    private final CelHealth cel;
    private final CelOutputs outputs;
    private final PlannerPolicy policy;

    public SpecValidator(CelHealth cel, CelOutputs outputs, PlannerPolicy policy) {
        this.cel = cel;
        this.outputs = outputs;
        this.policy = policy;
    }

    /** The graph of a spec and every error in it; the spec may be applied only when the list is empty. */
    public record Result(ComponentGraph graph, List<SpecError> errors) {}

    public Result validate(EnvironmentModel env) {
        List<SpecError> errors = new ArrayList<>();
        if (env.unreadable() != null) {
            return new Result(graphOf(env), List.of(SpecError.invalid(env.unreadable())));
        }
        if (env.target().isPresent() && !policy.targetNamespaces()) {
            // first, so that its reason is the environment's: nothing is created, not even the namespace
            errors.add(new SpecError(
                    Reasons.TARGET_NAMESPACE_NOT_ALLOWED,
                    "spec.targetNamespace asks for a namespace of its own, and this operator may not create namespaces "
                            + "(testenv.target-namespaces.enabled is off: only the cluster-wide deployment grants that "
                            + "right); an environment without the field uses its own namespace"));
        }
        if (env.serviceAccountName() != null && env.serviceAccountName().isBlank()) {
            errors.add(new SpecError(
                    Reasons.SERVICE_ACCOUNT_REQUIRED,
                    "spec.serviceAccountName is empty: name the "
                            + "ServiceAccount whose rights create the environment's objects, or leave the field out"));
        }
        if (env.components().isEmpty()) {
            errors.add(SpecError.invalid("spec.components is empty: an environment needs at least one component"));
        }
        Optional<Duration> timeout = env.timeout().duration();
        if (timeout.isEmpty()) {
            errors.add(SpecError.invalid(
                    "spec.timeout '" + env.timeout() + "' is not a duration such as 90s, 10m or 1h30m"));
        } else if (timeout.get().compareTo(MAX_TIMEOUT) > 0) {
            errors.add(SpecError.invalid("spec.timeout '" + env.timeout() + "' is longer than the maximum, "
                    + GoDuration.format(MAX_TIMEOUT)));
        }
        if (env.name() != null && env.name().length() > MAX_LABEL_VALUE) {
            errors.add(SpecError.invalid("metadata.name is " + env.name().length() + " characters long; the "
                    + "environment's name is the value of the label " + ENVIRONMENT_LABEL + " on every object it "
                    + "creates, and label values hold at most " + MAX_LABEL_VALUE + " characters"));
        }
        ComponentGraph graph = graphOf(env);
        graph.errors().stream().map(GraphError::message).map(SpecError::invalid).forEach(errors::add);
        Map<ObjectRef, String> owners = new HashMap<>();
        for (ComponentModel component : env.components()) {
            validateComponent(env, component, owners, errors);
        }
        ObjectRef binding = new ObjectRef("v1", "Secret", env.namespace(), bindingName(env));
        if (!env.outputs().isEmpty() && owners.containsKey(binding)) {
            errors.add(SpecError.invalid("the Secret " + binding.name() + " holds the environment's outputs: a "
                    + "component may not declare it"));
        }
        ObjectRef lease = new ObjectRef("coordination.k8s.io/v1", "Lease", env.namespace(), env.name());
        if (env.cleanup().heartbeat() && owners.containsKey(lease)) {
            errors.add(SpecError.invalid("the Lease " + lease.name() + " is the environment's heartbeat: a component "
                    + "may not declare it"));
        }
        for (OutputExpression output : env.outputs()) {
            validateOutput(env, output, errors);
        }
        return new Result(graph, List.copyOf(errors));
    }

    /** The name of the Secret that holds an environment's outputs. */
    public static String bindingName(EnvironmentModel env) {
        return env.name() + "-binding";
    }

    private void validateOutput(EnvironmentModel env, OutputExpression output, List<SpecError> errors) {
        String prefix = "output " + output.name() + ": ";
        if (output.fromSecret() == (output.expression() != null)) {
            errors.add(SpecError.invalid(prefix + "give either value or secretKeyRef"));
            return;
        }
        if (!output.fromSecret()) {
            outputs.compileError(output.expression()).ifPresent(error -> errors.add(SpecError.invalid(prefix + error)));
            return;
        }
        boolean declared = env.components().stream()
                .flatMap(c -> c.manifests().stream())
                .anyMatch(m -> m.ref().equals(output.secret()));
        if (!declared) {
            errors.add(SpecError.invalid(prefix + "secretKeyRef names the Secret "
                    + output.secret().name() + ", which the environment does not declare"));
        }
    }

    public static ComponentGraph graphOf(EnvironmentModel env) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (ComponentModel component : env.components()) {
            names.add(component.name());
            edges.putIfAbsent(
                    component.name(),
                    component.dependsOn().stream().map(Gate::component).toList());
        }
        return ComponentGraph.of(names, edges);
    }

    private void validateComponent(
            EnvironmentModel env, ComponentModel component, Map<ObjectRef, String> owners, List<SpecError> errors) {
        String name = component.name();
        if (name == null
                || name.length() > ComponentSpec.MAX_NAME_LENGTH
                || !DNS_LABEL.matcher(name).matches()) {
            errors.add(SpecError.invalid("component name '" + name + "' is not a DNS label (lower-case letters, "
                    + "digits and '-', at most " + ComponentSpec.MAX_NAME_LENGTH + " characters)"));
        }
        if (component.manifests().isEmpty()) {
            errors.add(SpecError.invalid("component '" + name + "' has no manifests"));
        }
        for (int i = 0; i < component.manifests().size(); i++) {
            validateManifest(env, name, i + 1, component.manifests().get(i), owners, errors);
        }
        for (CelOverride health : component.health()) {
            validateExpression(name, health, "readyWhen", health.readyWhen(), errors);
            validateExpression(name, health, "failedWhen", health.failedWhen(), errors);
        }
    }

    private void validateManifest(
            EnvironmentModel env,
            String component,
            int index,
            Manifest manifest,
            Map<ObjectRef, String> owners,
            List<SpecError> errors) {
        ObjectRef ref = manifest.ref();
        String where = "component '" + component + "', manifest " + index;
        List<String> missing = new ArrayList<>();
        if (isBlank(ref.apiVersion())) {
            missing.add("apiVersion");
        }
        if (isBlank(ref.kind())) {
            missing.add("kind");
        }
        if (isBlank(ref.name())) {
            missing.add("metadata.name");
        }
        if (!missing.isEmpty()) {
            errors.add(SpecError.invalid(where + ": missing " + String.join(", ", missing)));
            return;
        }
        String previous = owners.putIfAbsent(ref, component);
        if (previous != null) {
            errors.add(SpecError.invalid(where + ": " + ref.describe() + " is already declared"
                    + (previous.equals(component) ? " in this component" : " by component '" + previous + "'")));
        }
        String prefix = where + ": ";
        for (String problem : ManifestTypes.problems(manifest)) {
            errors.add(SpecError.invalid(where + " (" + ref.describe() + "): " + problem));
        }
        if (manifest.scope() == Scope.CLUSTER) {
            Confinement.clusterScoped(prefix, ref, policy).ifPresent(errors::add);
        } else {
            String target = env.target().map(t -> t.name()).orElse(null);
            Confinement.namespace(prefix, ref, env.namespace(), target).ifPresent(errors::add);
        }
        if (!env.impersonates()) {
            Confinement.grantsRights(prefix, manifest).ifPresent(errors::add);
        }
    }

    private void validateExpression(
            String component, CelOverride health, String field, String expression, List<SpecError> errors) {
        if (expression == null || expression.isBlank()) {
            return;
        }
        cel.compileError(expression)
                .ifPresent(error -> errors.add(new SpecError(
                        Reasons.INVALID_EXPRESSION,
                        "component '" + component + "', health for " + health.kind() + ": " + field + " " + error)));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
