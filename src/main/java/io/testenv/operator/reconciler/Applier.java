package io.testenv.operator.reconciler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.config.OperatorConfig;
import io.testenv.operator.planner.ApplyError;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;

/**
 * Server-side applies the objects of the components a plan opens, all at once on a bounded pool shared by
 * every environment, with field manager {@value Labels#FIELD_MANAGER}. An object the API server rejects, or
 * whose kind it does not serve, is reported per object; a server or network failure fails the whole apply so
 * the reconcile is retried.
 */
@ApplicationScoped
public class Applier {

    /** What the applies of one pass produced: the objects as the server returned them, and the errors. */
    public record Outcome(Map<ObjectRef, Map<String, Object>> applied, Map<ObjectRef, ApplyError> errors) {
    }

    private record Result(ObjectRef ref, Map<String, Object> applied, ApplyError error) {
    }

    private final KubernetesClient client;
    private final KindCatalog kinds;
    private final Watches watches;
    private final ExecutorService pool;

    public Applier(KubernetesClient client, KindCatalog kinds, Watches watches, OperatorConfig config) {
        this.client = client;
        this.kinds = kinds;
        this.watches = watches;
        this.pool = Executors.newFixedThreadPool(config.applyConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "testenv-apply");
            thread.setDaemon(true);
            return thread;
        });
    }

    public Outcome apply(TestEnvironment env, List<ComponentModel> components) {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        List<CompletableFuture<Result>> pending = new ArrayList<>();
        for (ComponentModel component : components) {
            for (Manifest manifest : component.manifests()) {
                GenericKubernetesResource desired = DesiredObjects.of(env, component.name(), manifest, serialization);
                pending.add(CompletableFuture.supplyAsync(() -> applyOne(env.getMetadata().getUid(), manifest.ref(),
                        desired, serialization), pool));
            }
        }
        Map<ObjectRef, Map<String, Object>> applied = new HashMap<>();
        Map<ObjectRef, ApplyError> errors = new HashMap<>();
        RuntimeException failure = null;
        for (CompletableFuture<Result> future : pending) {
            try {
                Result result = future.join();
                if (result.error() != null) {
                    errors.put(result.ref(), result.error());
                } else {
                    applied.put(result.ref(), result.applied());
                }
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Outcome(applied, errors);
    }

    @SuppressWarnings("unchecked")
    private Result applyOne(String environmentUid, ObjectRef ref, GenericKubernetesResource desired,
            KubernetesSerialization serialization) {
        GroupVersionKind gvk = new GroupVersionKind(ref.apiVersion(), ref.kind());
        Optional<ResourceDefinitionContext> context = kinds.resolve(gvk);
        if (context.isEmpty()) {
            return new Result(ref, null, ApplyError.kindNotServed(ref.kind() + " (" + ref.apiVersion()
                    + ") is not served by the API server; if a component installs its CRD, list that component in "
                    + "dependsOn"));
        }
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> operation =
                context.get().isNamespaceScoped()
                        ? client.genericKubernetesResources(context.get()).inNamespace(ref.namespace())
                        : client.genericKubernetesResources(context.get());
        Optional<OwnerReference> controller = watches.cachedController(gvk, ref);
        if (controller.isPresent() && !controller.get().getUid().equals(environmentUid)) {
            // The same field manager would silently take the object over (ownerReferences merge by uid).
            return new Result(ref, null, ApplyError.conflict(ref.kind() + " " + ref.name() + " exists and belongs to "
                    + controller.get().getKind() + " " + controller.get().getName() + "; it is left alone"));
        }
        try {
            GenericKubernetesResource result = operation.resource(desired)
                    .fieldManager(Labels.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
            watches.recentlyApplied(gvk, result);
            return new Result(ref, serialization.convertValue(result, Map.class), null);
        } catch (KubernetesClientException e) {
            if (isRejection(e.getCode())) {
                return new Result(ref, null, ApplyError.rejected(rejectionMessage(e)));
            }
            throw e;
        }
    }

    /** Client errors that retrying the same object cannot fix; conflicts, throttling and timeouts are retried. */
    private static boolean isRejection(int code) {
        return code >= 400 && code < 500 && code != 408 && code != 409 && code != 429;
    }

    private static String rejectionMessage(KubernetesClientException e) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        return "rejected by the API server (" + e.getCode() + "): " + reason;
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
