package io.testenv.operator.reconciler.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests named as the API server's audit log names them. */
class ApiRequestsTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/v1/namespaces/ci/configmaps/settings                                   | get              | configmaps
            GET    | /api/v1/namespaces/ci/configmaps?labelSelector=testenv.io%2Fenvironment       | list             | configmaps
            GET    | /api/v1/configmaps?watch=true&resourceVersion=5                            | watch            | configmaps
            PATCH  | /apis/apps/v1/namespaces/ci/deployments/web?fieldManager=x&force=true     | patch            | deployments
            PATCH  | /apis/testenv.io/v1alpha1/namespaces/ci/testenvironments/env/status       | patch            | testenvironments/status
            POST   | /api/v1/namespaces/ci/events                                                | create           | events
            PUT    | /apis/coordination.k8s.io/v1/namespaces/testenv-system/leases/testenv-operator | update         | leases
            DELETE | /api/v1/namespaces/ci/secrets/old                                           | delete           | secrets
            DELETE | /api/v1/namespaces/ci/secrets                                               | deletecollection | secrets
            GET    | /api/v1/namespaces/ci                                                       | get              | namespaces
            GET    | /api/v1/namespaces                                                          | list             | namespaces
            GET    | /apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.example.com       | get              | customresourcedefinitions
            GET    | /apis/apps/v1                                                               | get              | discovery
            GET    | /version                                                                    | get              | discovery
            """)
    void classify(String method, String uri, String verb, String resource) {
        assertThat(ApiRequests.classify(method, URI.create(uri))).isEqualTo(new ApiRequests.Request(verb, resource));
    }
}
