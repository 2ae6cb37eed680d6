package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.Actions;
import io.testenv.operator.reconciler.marks.FieldManagers;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.marks.Marks;
import io.testenv.operator.reconciler.record.OwnWrites;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the teardown finalizer on an environment only while its deletion needs the operator (the planner decides,
 * {@link Actions.FinalizerStep}): otherwise the environment is labelled {@code testenv.io/teardown: garbage-collection},
 * which takes it out of {@link TeardownReconciler}'s sight, and the finalizer is taken off in the same write; when
 * an edit makes the operator needed again the label goes, and that controller puts its finalizer back. Both
 * writes carry the resourceVersion they were decided on, so a concurrent change (a deletion above all) makes them
 * fail and the reconcile is retried.
 */
@ApplicationScoped
public class Finalizers {

    /** How soon an environment waiting for its finalizer is looked at again. */
    public static final Duration FINALIZER_WAIT = Duration.ofMillis(250);

    /**
     * Writes the label and finalizer as the plan's step says. False when the finalizer is needed and not on yet
     * (nothing may be applied until it is), or when the environment changed while this was decided: it is looked
     * at again in {@link #FINALIZER_WAIT}.
     */
    public boolean settle(TestEnvironment env, Actions.FinalizerStep step, Context<TestEnvironment> context) {
        List<String> finalizers = new ArrayList<>(
                Optional.ofNullable(env.getMetadata().getFinalizers()).orElse(List.of()));
        boolean written = switch (step.write()) {
            case NONE -> true;
            case RELEASE -> {
                finalizers.remove(Marks.FINALIZER);
                yield patch(env, context, "\"" + Labels.GARBAGE_COLLECTED + "\"", finalizers);
            }
            case RECLAIM -> patch(env, context, "null", finalizers);
        };
        return written && step.proceed();
    }

    /**
     * A merge patch of the label (a JSON value, {@code null} removes it) and the finalizers, at this version. False
     * when the environment changed meanwhile (at its creation, the teardown controller puts its finalizer on at
     * the same time): it is looked at again shortly.
     */
    private static boolean patch(
            TestEnvironment env, Context<TestEnvironment> context, String label, List<String> finalizers) {
        KubernetesClient client = context.getClient();
        ObjectMeta metadata = env.getMetadata();
        String json = "{\"metadata\":{\"resourceVersion\":\"" + metadata.getResourceVersion() + "\",\"labels\":{\""
                + Labels.TEARDOWN + "\":" + label + "},\"finalizers\":"
                + client.getKubernetesSerialization().asJson(finalizers) + "}}";
        TestEnvironment patched;
        try {
            patched = client.resources(TestEnvironment.class)
                    .inNamespace(metadata.getNamespace())
                    .withName(metadata.getName())
                    .patch(
                            new PatchContext.Builder()
                                    .withPatchType(PatchType.JSON_MERGE)
                                    .withFieldManager(FieldManagers.OPERATOR)
                                    .build(),
                            json);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
        metadata.setLabels(patched.getMetadata().getLabels());
        metadata.setFinalizers(patched.getMetadata().getFinalizers());
        metadata.setResourceVersion(patched.getMetadata().getResourceVersion());
        OwnWrites.remember(context, patched);
        return true;
    }
}
