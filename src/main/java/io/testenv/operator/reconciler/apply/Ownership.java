package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.observe.Identities;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** How messages name who holds an object, and what a refused request was: names only, never contents. */
public final class Ownership {

    private Ownership() {}

    /** "managed by kubectl-client-side-apply", "belongs to TestEnvironment ns/name", or both. */
    public static String describeManagers(HasMetadata object) {
        Set<String> parts = new LinkedHashSet<>();
        Map<String, String> labels = object.getMetadata().getLabels();
        if (labels != null && labels.get(Labels.ENVIRONMENT) != null) {
            parts.add("labelled for TestEnvironment " + labels.getOrDefault(Labels.ENVIRONMENT_NAMESPACE, "?") + "/"
                    + labels.get(Labels.ENVIRONMENT));
        }
        if (object.getMetadata().getOwnerReferences() != null) {
            object.getMetadata().getOwnerReferences().stream()
                    .filter(o -> Boolean.TRUE.equals(o.getController()))
                    .forEach(o -> parts.add("controlled by " + o.getKind() + " " + o.getName()));
        }
        Set<String> managers = new LinkedHashSet<>();
        if (object.getMetadata().getManagedFields() != null) {
            for (ManagedFieldsEntry entry : object.getMetadata().getManagedFields()) {
                if (entry.getManager() != null) {
                    managers.add(entry.getManager());
                }
            }
        }
        if (!managers.isEmpty()) {
            parts.add("managed by " + String.join(", ", managers));
        }
        return parts.isEmpty() ? "no manager recorded" : String.join("; ", parts);
    }

    /**
     * "system:serviceaccount:team:deployer may not patch deployments.apps (Deployment web) in namespace team", with
     * the API server's own explanation when it is more than that (an RBAC escalation check, say).
     */
    public static String forbidden(
            Identities.Identity identity,
            String verb,
            ResourceDefinitionContext context,
            ObjectRef ref,
            String serverMessage) {
        String resource = context.getPlural()
                + (context.getGroup() == null || context.getGroup().isEmpty() ? "" : "." + context.getGroup());
        String message = identity.describe() + " may not " + verb + " " + resource + " (" + ref.describe() + ")"
                + (ref.namespace() == null ? " at cluster scope" : " in namespace " + ref.namespace());
        String explanation = serverMessage == null ? "" : firstLine(serverMessage);
        int forbidden = explanation.indexOf("is forbidden: ");
        if (forbidden >= 0 && !explanation.contains(" cannot " + verb + " resource ")) {
            message += ": " + explanation.substring(forbidden + "is forbidden: ".length());
        }
        return message;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }
}
