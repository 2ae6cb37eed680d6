package io.testenv.operator.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.testenv.operator.planner.graph.ComponentGraph;
import io.testenv.operator.planner.graph.GraphError;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.model.HealthOverride;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.readiness.CelHealth;

/**
 * Checks a spec before anything is applied. Every problem found is reported, each in a sentence that names
 * the component and manifest so the user can fix them all in one edit.
 */
final class SpecValidator {

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private final CelHealth cel;
    private final PlannerPolicy policy;

    SpecValidator(CelHealth cel, PlannerPolicy policy) {
        this.cel = cel;
        this.policy = policy;
    }

    /** The graph of a spec and every error in it; the spec may be applied only when the list is empty. */
    record Result(ComponentGraph graph, List<String> errors) {
    }

    Result validate(EnvironmentModel env) {
        List<String> errors = new ArrayList<>();
        if (env.components().isEmpty()) {
            errors.add("spec.components is empty: an environment needs at least one component");
        }
        if (GoDuration.parse(env.timeout()).isEmpty()) {
            errors.add("spec.timeout '" + env.timeout() + "' is not a duration such as 90s, 10m or 1h30m");
        }
        ComponentGraph graph = graphOf(env);
        graph.errors().stream().map(GraphError::message).forEach(errors::add);
        Map<ObjectRef, String> owners = new HashMap<>();
        for (ComponentModel component : env.components()) {
            validateComponent(env, component, owners, errors);
        }
        return new Result(graph, List.copyOf(errors));
    }

    static ComponentGraph graphOf(EnvironmentModel env) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (ComponentModel component : env.components()) {
            names.add(component.name());
            edges.putIfAbsent(component.name(), component.dependsOn().stream().map(Gate::component).toList());
        }
        return ComponentGraph.of(names, edges);
    }

    private void validateComponent(EnvironmentModel env, ComponentModel component, Map<ObjectRef, String> owners,
            List<String> errors) {
        String name = component.name();
        if (name == null || name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
            errors.add("component name '" + name + "' is not a DNS label (lower-case letters, digits and '-', "
                    + "at most 63 characters)");
        }
        if (component.manifests().isEmpty()) {
            errors.add("component '" + name + "' has no manifests");
        }
        for (int i = 0; i < component.manifests().size(); i++) {
            validateManifest(env, name, i + 1, component.manifests().get(i), owners, errors);
        }
        for (HealthOverride health : component.health()) {
            validateExpression(name, health, "readyWhen", health.readyWhen(), errors);
            validateExpression(name, health, "failedWhen", health.failedWhen(), errors);
        }
    }

    private void validateManifest(EnvironmentModel env, String component, int index, Manifest manifest,
            Map<ObjectRef, String> owners, List<String> errors) {
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
            errors.add(where + ": missing " + String.join(", ", missing));
            return;
        }
        String previous = owners.putIfAbsent(ref, component);
        if (previous != null) {
            errors.add(where + ": " + ref.describe() + " is already declared"
                    + (previous.equals(component) ? " in this component" : " by component '" + previous + "'"));
        }
        if (manifest.scope() == Scope.CLUSTER && !policy.allowClusterScoped()) {
            errors.add(where + ": " + ref.describe() + " is cluster-scoped, and this operator is configured not "
                    + "to create cluster-scoped objects (testenv.allow-cluster-scoped)");
        }
        if (ref.namespace() != null && !ref.namespace().equals(env.namespace()) && !policy.allowOtherNamespaces()) {
            errors.add(where + ": " + ref.describe() + " is in namespace '" + ref.namespace()
                    + "', and this operator only creates objects in the environment's namespace '" + env.namespace()
                    + "' (testenv.allow-other-namespaces)");
        }
    }

    private void validateExpression(String component, HealthOverride health, String field, String expression,
            List<String> errors) {
        if (expression == null || expression.isBlank()) {
            return;
        }
        cel.compileError(expression).ifPresent(error -> errors.add("component '" + component + "', health for "
                + health.kind() + ": " + field + " does not compile: " + error));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
