package io.testenv.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.reconciler.marks.Labels;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which changes of a TestEnvironment start a bring-up: its spec (a new generation), and its finalizers and teardown
 * label, so that the teardown controller putting its finalizer on at the same moment as the label went on is
 * seen, and the finalizer taken off again (see {@link Finalizers}); not the status the operator writes itself.
 */
public class BringUpEvents implements OnUpdateFilter<TestEnvironment> {

    @Override
    public boolean accept(TestEnvironment newer, TestEnvironment older) {
        return !Objects.equals(
                        newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
                || !Objects.equals(
                        newer.getMetadata().getFinalizers(), older.getMetadata().getFinalizers())
                || !Objects.equals(teardownLabel(newer), teardownLabel(older));
    }

    private static String teardownLabel(TestEnvironment env) {
        return Optional.ofNullable(env.getMetadata().getLabels())
                .orElse(Map.of())
                .get(Labels.TEARDOWN);
    }
}
