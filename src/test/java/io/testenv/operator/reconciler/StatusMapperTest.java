package io.testenv.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ObjectState;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.state.ObjectEvaluation;
import io.testenv.operator.reconciler.observe.StatusMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status stays small whatever a component holds. */
class StatusMapperTest {

    static List<ObjectEvaluation> objects(int count, int... notReady) {
        List<ObjectEvaluation> objects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            boolean waiting = java.util.Arrays.stream(notReady).anyMatch(n -> n == index);
            objects.add(new ObjectEvaluation(
                    new ObjectRef("v1", "ConfigMap", "ns", "c-" + i),
                    waiting ? ObjectState.InProgress : ObjectState.Ready,
                    waiting ? "Progressing" : "Ready",
                    ""));
        }
        return objects;
    }

    @Test
    void aSmallComponentListsEveryObject() {
        assertThat(StatusMapper.listed(objects(50))).hasSize(50);
    }

    @Test
    void aLargeComponentListsTheFiftyFurthestFromReadyInSpecOrder() {
        List<ObjectEvaluation> listed = StatusMapper.listed(objects(256, 7, 200, 255));

        assertThat(listed).hasSize(StatusMapper.MAX_LISTED_OBJECTS);
        assertThat(listed)
                .extracting(o -> o.ref().name())
                .contains("c-7", "c-200", "c-255")
                .startsWith("c-0", "c-1");
        assertThat(listed)
                .extracting(o -> Integer.parseInt(o.ref().name().substring(2)))
                .isSorted();
    }
}
