package io.testenv.operator.reconciler.marks;

import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The environment's inventory as a Kubernetes ApplySet (KEP-3659, the convention {@code kubectl apply --prune}
 * uses): the TestEnvironment is the parent, labelled with the set's id and annotated with the group-kinds its
 * members may have; every member is labelled part-of the set. Prune and teardown list the members by that label
 * over those group-kinds, never the current spec alone, and delete only members that carry the environment's
 * uid.
 */
public final class ApplySet {

    public static final String ID_LABEL = "applyset.kubernetes.io/id";
    public static final String PART_OF_LABEL = "applyset.kubernetes.io/part-of";
    public static final String TOOLING_ANNOTATION = "applyset.kubernetes.io/tooling";
    public static final String GROUP_KINDS_ANNOTATION = "applyset.kubernetes.io/contains-group-kinds";
    public static final String TOOLING = "testenv-operator/v1alpha1";

    private ApplySet() {}

    /**
     * The id KEP-3659 specifies: {@code applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>))>-v1},
     * without padding.
     */
    public static String id(TestEnvironment env) {
        String key = env.getMetadata().getName() + "." + env.getMetadata().getNamespace() + "." + env.getKind() + "."
                + TestEnvironment.GROUP;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "applyset-" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "-v1";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Kind.group}, or {@code Kind} for the core group, as the annotation lists them. */
    public static String groupKind(ObjectRef ref) {
        return ref.group().isEmpty() ? ref.kind() : ref.kind() + "." + ref.group();
    }

    public static String group(String groupKind) {
        int dot = groupKind.indexOf('.');
        return dot < 0 ? "" : groupKind.substring(dot + 1);
    }

    public static String kind(String groupKind) {
        int dot = groupKind.indexOf('.');
        return dot < 0 ? groupKind : groupKind.substring(0, dot);
    }

    /** The group-kinds the parent's annotation records. */
    public static Set<String> recordedGroupKinds(TestEnvironment env) {
        Map<String, String> annotations = env.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(GROUP_KINDS_ANNOTATION);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public static String format(Collection<String> groupKinds) {
        return String.join(",", new TreeSet<>(groupKinds));
    }

    /** Whether the parent carries this set's id and exactly these group-kinds already. */
    public static boolean parentIsCurrent(TestEnvironment env, Set<String> groupKinds) {
        Map<String, String> labels = env.getMetadata().getLabels();
        return labels != null
                && id(env).equals(labels.get(ID_LABEL))
                && recordedGroupKinds(env).equals(new TreeSet<>(groupKinds));
    }
}
