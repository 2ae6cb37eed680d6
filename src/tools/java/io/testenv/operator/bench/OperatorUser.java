package io.testenv.operator.bench;

import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The operator as a user of its own on the benchmark's cluster (ServiceAccount {@code kube-system/testenv-operator},
 * bound to cluster-admin), rather than the admin the benchmark and the pod lifecycle helper act as: the API
 * server's audit log then tells its requests apart, and logs nobody else's.
 */
final class OperatorUser {

    static final String NAMESPACE = "kube-system";
    static final String NAME = "testenv-operator";

    private OperatorUser() {}

    /** Creates the user and writes a kubeconfig for it next to the admin's; returns that file. */
    static Path kubeconfig(KubernetesClient admin, Path adminKubeconfig, Path target) throws IOException {
        admin.serviceAccounts()
                .inNamespace(NAMESPACE)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(NAME)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        admin.rbac()
                .clusterRoleBindings()
                .resource(new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName(NAME)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(NAME)
                        .withNamespace(NAMESPACE)
                        .endSubject()
                        .build())
                .serverSideApply();
        String token = admin.serviceAccounts()
                .inNamespace(NAMESPACE)
                .withName(NAME)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(48L * 3600)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        Config config = KubeConfigUtils.parseConfigFromString(Files.readString(adminKubeconfig));
        String user = config.getContexts().stream()
                .filter(c -> c.getName().equals(config.getCurrentContext()))
                .findFirst()
                .orElseThrow()
                .getContext()
                .getUser();
        config.setUsers(List.of(new NamedAuthInfoBuilder()
                .withName(user)
                .withUser(new AuthInfoBuilder().withToken(token).build())
                .build()));
        Files.writeString(target, admin.getKubernetesSerialization().asYaml(config));
        return target;
    }
}
