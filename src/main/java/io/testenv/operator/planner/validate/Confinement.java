package io.testenv.operator.planner.validate;

import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.state.Reasons;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an environment's objects may go and which kinds it may create, decided on the manifest alone.
 * <ul>
 * <li>Namespaced objects only in the environment's own namespace, or in the one namespace the operator created for
 * it (spec.targetNamespace); cluster-scoped ones only of the kinds the operator's allow-list names.</li>
 * <li>Without a ServiceAccount to act as, the operator would create objects with its own rights, so the kinds
 * that grant rights are refused: RBAC objects, TestEnvironments, ServiceAccount token Secrets, and pods (or pod
 * templates) that run as a ServiceAccount other than the namespace's {@code default}. With one, the API server
 * judges the author's own rights, RBAC's escalation checks included.</li>
 * </ul>
 */
public final class Confinement {

    public static final String SERVICE_ACCOUNT_HINT =
            "; set spec.serviceAccountName so that it is created with that " + "ServiceAccount's own rights";

    /** Where pod specs live: a Pod, a PodTemplate, the workload kinds' templates, a CronJob's job template. */
    private static final List<List<String>> POD_SPEC_PATHS = List.of(
            List.of("spec"),
            List.of("template", "spec"),
            List.of("spec", "template", "spec"),
            List.of("spec", "jobTemplate", "spec", "template", "spec"));

    private Confinement() {}

    /** The namespace rule, for a namespaced object (null namespace: cluster-scoped, not this rule's). */
    public static Optional<SpecError> namespace(String where, ObjectRef ref, String environmentNamespace) {
        return namespace(where, ref, environmentNamespace, null);
    }

    /**
     * The namespace rule, with the namespace made for the environment (null when it has none, or its name is not
     * known yet): the one exception to "the environment's own namespace only".
     */
    public static Optional<SpecError> namespace(
            String where, ObjectRef ref, String environmentNamespace, String targetNamespace) {
        if (ref.namespace() != null
                && !ref.namespace().equals(environmentNamespace)
                && !ref.namespace().equals(targetNamespace)) {
            return Optional.of(new SpecError(
                    Reasons.NAMESPACE_NOT_ALLOWED,
                    where + ref.describe() + " is in namespace '"
                            + ref.namespace() + "'; objects are created only in the environment's namespace '"
                            + environmentNamespace + "'"
                            + (targetNamespace == null ? "" : " or the one made for it, '" + targetNamespace + "'")));
        }
        return Optional.empty();
    }

    /** The allow-list rule, for an object known to be cluster-scoped. */
    public static Optional<SpecError> clusterScoped(String where, ObjectRef ref, PlannerPolicy policy) {
        if (!policy.allowsClusterScoped(ref.group(), ref.kind())) {
            return Optional.of(new SpecError(
                    Reasons.CLUSTER_SCOPED_NOT_ALLOWED,
                    where + ref.describe()
                            + " is cluster-scoped, and " + ref.kind() + " is not among the kinds this operator lets "
                            + "environments create cluster-wide (testenv.cluster-scoped-kinds)"));
        }
        return Optional.empty();
    }

    /** The rules for kinds that grant rights, which apply only when no ServiceAccount is impersonated. */
    public static Optional<SpecError> grantsRights(String where, Manifest manifest) {
        ObjectRef ref = manifest.ref();
        if ("rbac.authorization.k8s.io".equals(ref.group())) {
            return Optional.of(new SpecError(
                    Reasons.RBAC_NOT_ALLOWED,
                    where + ref.describe()
                            + " grants rights, and RBAC objects are never created with the operator's rights"
                            + SERVICE_ACCOUNT_HINT));
        }
        if ("testenv.io".equals(ref.group()) && "TestEnvironment".equals(ref.kind())) {
            return Optional.of(new SpecError(
                    Reasons.TEST_ENVIRONMENT_NOT_ALLOWED,
                    where + ref.describe()
                            + " is a TestEnvironment, and environments do not create environments with the operator's "
                            + "rights" + SERVICE_ACCOUNT_HINT));
        }
        Map<String, Object> content = manifest.content();
        if (ref.group().isEmpty()
                && "Secret".equals(ref.kind())
                && "kubernetes.io/service-account-token".equals(content.get("type"))) {
            return Optional.of(new SpecError(
                    Reasons.TOKEN_SECRET_NOT_ALLOWED,
                    where + ref.describe()
                            + " is a ServiceAccount token Secret, which the operator does not create with its own rights"
                            + SERVICE_ACCOUNT_HINT));
        }
        for (List<String> path : POD_SPEC_PATHS) {
            Optional<String> account = serviceAccountAt(content, path);
            if (account.isPresent()) {
                return Optional.of(new SpecError(
                        Reasons.POD_SERVICE_ACCOUNT_NOT_ALLOWED,
                        where + ref.describe()
                                + " runs pods as ServiceAccount '" + account.get()
                                + "'; without spec.serviceAccountName "
                                + "pods run only as the namespace's 'default' ServiceAccount" + SERVICE_ACCOUNT_HINT));
            }
        }
        return Optional.empty();
    }

    /** A ServiceAccount other than {@code default} named by the pod spec at the path, if there is one. */
    private static Optional<String> serviceAccountAt(Map<String, Object> root, List<String> path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            node = map.get(key);
        }
        if (!(node instanceof Map<?, ?> spec)
                || !(spec.containsKey("containers")
                        || spec.containsKey("serviceAccountName")
                        || spec.containsKey("serviceAccount"))) {
            return Optional.empty();
        }
        for (String field : List.of("serviceAccountName", "serviceAccount")) {
            Object value = spec.get(field);
            if (value != null && !"".equals(value) && !"default".equals(value)) {
                return Optional.of(String.valueOf(value));
            }
        }
        return Optional.empty();
    }
}
