package io.testenv.operator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts an {@link OtlpReceiver} before the application and points the operator's trace export at it (only the
 * endpoint: that alone turns the export on), with a short batch delay so that spans arrive soon after they end.
 */
public class OtlpReceiverResource implements QuarkusTestResourceLifecycleManager {

    /** Injects the running receiver into a test's field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectOtlpReceiver {}

    private OtlpReceiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = OtlpReceiver.start();
        return Map.of(
                "quarkus.otel.exporter.otlp.traces.endpoint",
                receiver.endpoint(),
                "quarkus.otel.bsp.schedule.delay",
                "100ms");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                receiver, new TestInjector.AnnotatedAndMatchesType(InjectOtlpReceiver.class, OtlpReceiver.class));
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
