package io.testenv.operator.api;

/** How the components of an environment are brought up. */
public enum Strategy {
    /** Every component is applied as soon as its dependencies meet their gate condition. */
    Parallel,
    /** One component at a time, in dependency order, each waiting for the previous one to be Ready. */
    Sequential,
    /** Everything at once, gates ignored: the baseline of "let Kubernetes sort out the order". */
    AllAtOnce
}
