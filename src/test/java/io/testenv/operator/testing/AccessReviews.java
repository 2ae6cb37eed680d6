package io.testenv.operator.testing;

import java.net.HttpURLConnection;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * There is no RBAC in the test API server: every SelfSubjectAccessReview answers "allowed", every
 * SelfSubjectRulesReview "everything" (java-operator-sdk and kubectl ask).
 */
final class AccessReviews {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessReviews() {
    }

    static Optional<MockResponse> answer(String path, RecordedRequest request) {
        if (!path.startsWith("/apis/authorization.k8s.io/v1/selfsubject")) {
            return Optional.empty();
        }
        try {
            ObjectNode review = (ObjectNode) JSON.readTree(request.getBody().readUtf8());
            ObjectNode status = review.putObject("status");
            if (path.endsWith("selfsubjectaccessreviews")) {
                status.put("allowed", true).put("reason", "the test API server has no RBAC");
            } else {
                ObjectNode rule = status.putArray("resourceRules").addObject();
                rule.putArray("verbs").add("*");
                rule.putArray("apiGroups").add("*");
                rule.putArray("resources").add("*");
                ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
                nonResource.putArray("verbs").add("*");
                nonResource.putArray("nonResourceURLs").add("*");
                status.put("incomplete", false);
            }
            return Optional.of(ApiServerDispatcher.json(HttpURLConnection.HTTP_CREATED, review));
        } catch (JsonProcessingException e) {
            return Optional.of(Statuses.failure(400, "BadRequest", "review is not JSON"));
        }
    }
}
