package io.testenv.operator.planner;

import io.testenv.operator.api.GateCondition;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.planner.model.Cleanup;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.model.TargetNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny notation for environments in tests: {@code "postgres; redis; migrations: postgres; app: migrations,
 * redis@Applied"} declares four components, each with one Deployment named after it; {@code x@Applied} gates
 * on the Applied condition instead of Ready.
 */
final class Specs {

    static final String NAMESPACE = "ci";

    private Specs() {}

    static EnvironmentModel env(String notation) {
        return env(notation, Strategy.Parallel);
    }

    static EnvironmentModel env(String notation, Strategy strategy) {
        List<ComponentModel> components = new ArrayList<>();
        for (String declaration : notation.split(";")) {
            String[] parts = declaration.split(":");
            String name = parts[0].trim();
            List<Gate> gates = new ArrayList<>();
            if (parts.length > 1) {
                for (String dependency : parts[1].split(",")) {
                    String[] gate = dependency.trim().split("@");
                    gates.add(
                            new Gate(gate[0], gate.length > 1 ? GateCondition.valueOf(gate[1]) : GateCondition.Ready));
                }
            }
            components.add(new ComponentModel(name, List.of(deployment(name)), gates, List.of()));
        }
        return new EnvironmentModel(NAMESPACE, "env", 1, strategy, "10m", components);
    }

    static EnvironmentModel withComponents(EnvironmentModel env, List<ComponentModel> components) {
        return new EnvironmentModel(
                env.namespace(),
                env.name(),
                env.generation(),
                env.strategy(),
                env.timeout().text(),
                components);
    }

    static EnvironmentModel withTimeout(EnvironmentModel env, String timeout) {
        return new EnvironmentModel(
                env.namespace(), env.name(), env.generation(), env.strategy(), timeout, env.components());
    }

    static EnvironmentModel withGeneration(EnvironmentModel env, long generation) {
        return new EnvironmentModel(
                env.namespace(),
                env.name(),
                generation,
                env.strategy(),
                env.timeout().text(),
                env.components());
    }

    static Manifest deployment(String name) {
        return manifest("apps/v1", "Deployment", name);
    }

    static Manifest manifest(String apiVersion, String kind, String name) {
        return manifest(apiVersion, kind, NAMESPACE, name, Scope.NAMESPACED);
    }

    static Manifest manifest(String apiVersion, String kind, String namespace, String name, Scope scope) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (name != null) {
            metadata.put("name", name);
        }
        Map<String, Object> content = new LinkedHashMap<>();
        if (apiVersion != null) {
            content.put("apiVersion", apiVersion);
        }
        if (kind != null) {
            content.put("kind", kind);
        }
        content.put("metadata", metadata);
        return new Manifest(new ObjectRef(apiVersion, kind, namespace, name), scope, content);
    }

    /** A namespaced manifest with extra top-level content, e.g. {@code Map.of("type", ...)} or a spec. */
    static Manifest manifest(String apiVersion, String kind, String name, Map<String, Object> extra) {
        Manifest plain = manifest(apiVersion, kind, name);
        Map<String, Object> content = new LinkedHashMap<>(plain.content());
        content.putAll(extra);
        return new Manifest(plain.ref(), plain.scope(), content);
    }

    static EnvironmentModel withServiceAccount(EnvironmentModel env, String serviceAccount) {
        return new EnvironmentModel(
                env.namespace(),
                env.name(),
                env.generation(),
                env.strategy(),
                env.timeout().text(),
                env.components(),
                serviceAccount);
    }

    static ObjectRef ref(String kind, String name) {
        String apiVersion = switch (kind) {
            case "Deployment", "StatefulSet" -> "apps/v1";
            case "Job" -> "batch/v1";
            default -> "v1";
        };
        return new ObjectRef(apiVersion, kind, NAMESPACE, name);
    }

    static EnvironmentModel withCleanup(EnvironmentModel env, Cleanup cleanup) {
        return new EnvironmentModel(
                env.namespace(),
                env.name(),
                env.generation(),
                env.strategy(),
                env.timeout(),
                env.components(),
                env.serviceAccountName(),
                env.unreadable(),
                env.drift(),
                cleanup,
                env.outputs());
    }

    static EnvironmentModel withOutputs(EnvironmentModel env, OutputExpression... outputs) {
        return new EnvironmentModel(
                env.namespace(),
                env.name(),
                env.generation(),
                env.strategy(),
                env.timeout(),
                env.components(),
                env.serviceAccountName(),
                env.unreadable(),
                env.drift(),
                env.cleanup(),
                List.of(outputs));
    }

    /** The environment asking for a namespace of its own, named from the prefix (its name not known yet). */
    static EnvironmentModel withTarget(EnvironmentModel env, String generateName) {
        return new EnvironmentModel(
                env.namespace(),
                env.name(),
                env.generation(),
                env.strategy(),
                env.timeout(),
                env.components(),
                env.serviceAccountName(),
                env.unreadable(),
                env.drift(),
                env.cleanup(),
                env.outputs(),
                TargetNamespace.requested(generateName));
    }
}
