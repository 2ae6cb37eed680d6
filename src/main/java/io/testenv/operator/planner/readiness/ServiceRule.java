package io.testenv.operator.planner.readiness;

/** Service: a LoadBalancer is ready when an ingress is assigned; any other type when it exists. */
final class ServiceRule implements ReadinessRule {

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        if (!"LoadBalancer".equals(object.stringAt("spec", "type").orElse("ClusterIP"))) {
            return ExistsRule.INSTANCE.evaluate(object);
        }
        if (object.listAt("status", "loadBalancer", "ingress").isEmpty()) {
            return ObjectHealth.inProgress("WaitingForLoadBalancer", "no load balancer ingress assigned yet");
        }
        return ObjectHealth.ready("LoadBalancerReady", "load balancer ingress assigned");
    }
}
