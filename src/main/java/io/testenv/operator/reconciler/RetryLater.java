package io.testenv.operator.reconciler;

/**
 * Thrown after the status was recorded, when an apply met a transient API error: java-operator-sdk's retry then
 * reconciles the environment again with back-off. The message is already redacted, and there is no stack to
 * log: the cause is the API server's answer, not the operator's code.
 */
public final class RetryLater extends RuntimeException {

    public RetryLater(String message) {
        super(message, null, false, false);
    }
}
