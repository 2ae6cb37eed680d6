package io.testenv.operator.planner.pool;

/** Condition types and reasons of pools and claims, and why a pool deletes an environment. */
public final class PoolReasons {

    private PoolReasons() {}

    public static final String READY = "Ready";
    public static final String STALLED = "Stalled";
    public static final String FAILED = "Failed";
    public static final String RECONCILING = "Reconciling";

    public static final String SIZE_REACHED = "SizeReached";
    public static final String BRINGING_UP = "BringingUp";
    public static final String TEMPLATE_FAILS = "TemplateFails";
    public static final String TEMPLATE_WORKS = "TemplateWorks";
    public static final String TEMPLATE_REFUSED = "TemplateRefused";

    public static final String FAILED_ENVIRONMENT = "EnvironmentFailed";
    public static final String OLD_TEMPLATE = "TemplateChanged";
    public static final String SCALED_DOWN = "ScaledDown";

    public static final String WAITING_FOR_CAPACITY = "WaitingForCapacity";
    public static final String POOL_NOT_FOUND = "PoolNotFound";
    public static final String POOL_STALLED = "PoolStalled";
    public static final String COMPONENT_CLASH = "ComponentClash";
    public static final String LIFETIME_EXPIRED = "LifetimeExpired";
    public static final String ENVIRONMENT_GONE = "EnvironmentGone";
    public static final String BOUND = "Bound";
    public static final String APPLYING_CLAIM = "ApplyingClaim";
}
