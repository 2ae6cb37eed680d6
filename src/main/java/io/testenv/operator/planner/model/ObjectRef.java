package io.testenv.operator.planner.model;

import io.testenv.operator.planner.readiness.ObjectView;

/**
 * Identity of one Kubernetes object. {@code namespace} is null for cluster-scoped objects; any field may be
 * null when a manifest lacks it (the planner reports that as a spec error).
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    /** API group of the object, "" for the core group. */
    public String group() {
        return ObjectView.groupOf(apiVersion);
    }

    /** How a user names the object in a message: {@code Deployment datastorage}. */
    public String describe() {
        return kind + " " + name;
    }

    @Override
    public String toString() {
        return apiVersion + " " + kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
