package io.testenv.operator.planner.readiness;

/**
 * Service: a LoadBalancer is ready when an ingress is assigned, any other type when it exists. kstatus is content
 * with a cluster IP, but a dependent that reaches the service from outside needs the ingress. A cluster without a
 * load-balancer controller (kind, kwok, bare metal) never assigns one: a component opts out with a {@code health}
 * override of kind Service (see the README), as the message says.
 */
public final class ServiceRule implements ReadinessRule {

    public static final String WAITING_FOR_LOAD_BALANCER = "WaitingForLoadBalancer";

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        if (!"LoadBalancer".equals(object.stringAt("spec", "type").orElse("ClusterIP"))) {
            return ExistsRule.INSTANCE.evaluate(object);
        }
        if (object.listAt("status", "loadBalancer", "ingress").isEmpty()) {
            return ObjectHealth.inProgress(
                    WAITING_FOR_LOAD_BALANCER,
                    "no load balancer ingress assigned yet (without "
                            + "a load-balancer controller there will be none: a health override of kind Service opts out)");
        }
        return ObjectHealth.ready("LoadBalancerReady", "load balancer ingress assigned");
    }
}
