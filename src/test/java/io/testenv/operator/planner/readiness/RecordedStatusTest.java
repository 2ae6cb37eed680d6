package io.testenv.operator.planner.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.testenv.operator.api.ObjectState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The readiness rules against status sequences the real Kubernetes controllers wrote, recorded on kwok by
 * {@code io.testenv.operator.controlplane.StatusRecorder} into {@code fixtures/readiness/<scenario>.yaml}: one row
 * per recorded snapshot, with the state it must get. A fixture ends at the first snapshot the controllers themselves
 * call done (checked here too), so a rule that is ready (or failed) any earlier is wrong.
 */
class RecordedStatusTest {

    static final String ROLLOUT = "deployment-rollout";
    static final String ROLLING_UPDATE = "deployment-rolling-update";
    static final String SCALE_UP = "statefulset-scale-up";
    static final String PARTITIONED_UPDATE = "statefulset-partitioned-update";
    static final String DAEMON_SET_ROLLOUT = "daemonset-rollout";
    static final String DAEMON_SET_ROLLING_UPDATE = "daemonset-rolling-update";
    static final String JOB_SUCCEEDS = "job-succeeds";
    static final String JOB_FAILS = "job-fails";
    static final String IMAGE_PULL_BACK_OFF = "pod-image-pull-back-off";
    static final List<String> SCENARIOS = List.of(
            ROLLOUT,
            ROLLING_UPDATE,
            SCALE_UP,
            PARTITIONED_UPDATE,
            DAEMON_SET_ROLLOUT,
            DAEMON_SET_ROLLING_UPDATE,
            JOB_SUCCEEDS,
            JOB_FAILS,
            IMAGE_PULL_BACK_OFF);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What one snapshot must get: a state, and text its reason or message must contain (null: anything). */
    record Expected(ObjectState state, String reason, String messagePart) {
        static Expected inProgress() {
            return new Expected(ObjectState.InProgress, null, null);
        }

        @Override
        public String toString() {
            return state + (reason == null ? "" : " " + reason) + (messagePart == null ? "" : " '" + messagePart + "'");
        }
    }

    // The table: for each scenario, what its last snapshot gets; every earlier one is in progress.

    static Stream<Arguments> rollouts() {
        return rows(Map.of(
                ROLLOUT,
                new Expected(ObjectState.Ready, "Available", "Available: 2/2"),
                ROLLING_UPDATE,
                new Expected(ObjectState.Ready, "Available", "Available: 2/2"),
                SCALE_UP,
                new Expected(ObjectState.Ready, "Ready", "Ready: 3/3"),
                PARTITIONED_UPDATE,
                new Expected(ObjectState.Ready, "PartitionRolledOut", "Updated: 1/1 from partition 2"),
                DAEMON_SET_ROLLOUT,
                new Expected(ObjectState.Ready, "Available", "Available: 1/1"),
                DAEMON_SET_ROLLING_UPDATE,
                new Expected(ObjectState.Ready, "Available", "Available: 1/1")));
    }

    static Stream<Arguments> jobs() {
        return rows(Map.of(
                JOB_SUCCEEDS, new Expected(ObjectState.Ready, "Complete", "complete"),
                JOB_FAILS, new Expected(ObjectState.Failed, "JobFailed", "BackoffLimitExceeded")));
    }

    static Stream<Arguments> pods() {
        return rows(Map.of(
                IMAGE_PULL_BACK_OFF,
                new Expected(ObjectState.InProgress, "ImagePullBackOff", "container cache: ImagePullBackOff")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rollouts")
    void rolloutIsInProgressUntilTheControllersCompleteItThenReady(Snapshot snapshot, Expected expected) {
        assertEvaluatesTo(snapshot, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("jobs")
    void jobIsInProgressUntilItsCompleteOrFailedCondition(Snapshot snapshot, Expected expected) {
        assertEvaluatesTo(snapshot, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pods")
    void podInImagePullBackOffIsInProgressAndSaysWhy(Snapshot snapshot, Expected expected) {
        assertEvaluatesTo(snapshot, expected);
    }

    /**
     * The ground truth of the table, independent of the rules: each fixture ends at the first snapshot the
     * controllers call done (what {@code kubectl rollout status} waits for, a Job's Complete or Failed condition,
     * the kubelet's waiting reason), and holds earlier states to judge too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void fixtureEndsAtTheFirstSnapshotTheControllersCallDone(String scenario) {
        List<Map<String, Object>> snapshots = load(scenario);

        assertThat(snapshots).as("snapshots of " + scenario).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < snapshots.size(); i++) {
            assertThat(controllersSayDone(new ObjectView(snapshots.get(i))))
                    .as(scenario + " snapshot " + (i + 1) + " of " + snapshots.size() + " done")
                    .isEqualTo(i == snapshots.size() - 1);
        }
    }

    @Test
    void everyRecordedFixtureIsReplayed() throws Exception {
        Path directory = Path.of(
                RecordedStatusTest.class.getResource("/fixtures/readiness").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")))
                    .containsExactlyInAnyOrderElementsOf(SCENARIOS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void fixtureSaysItWasRecordedFromTheRealControllers(String scenario) {
        assertThat(text(scenario))
                .startsWith("# Recorded from the Kubernetes 1.35.4 controllers")
                .contains("on a kwok cluster by io.testenv.operator.controlplane.StatusRecorder");
    }

    static Stream<String> scenarios() {
        return SCENARIOS.stream();
    }

    private static void assertEvaluatesTo(Snapshot snapshot, Expected expected) {
        ObjectHealth health = ReadinessRules.standard().evaluate(snapshot.object());
        String described = snapshot + " evaluated to " + health;

        assertThat(health.state()).as("state of " + described).isEqualTo(expected.state());
        if (expected.reason() != null) {
            assertThat(health.reason()).as("reason of " + described).isEqualTo(expected.reason());
        }
        if (expected.messagePart() != null) {
            assertThat(health.message()).as("message of " + described).contains(expected.messagePart());
        }
    }

    /** One row per snapshot of each scenario: the last gets its expectation, every earlier one is in progress. */
    private static Stream<Arguments> rows(Map<String, Expected> lastOfScenario) {
        List<Arguments> rows = new ArrayList<>();
        SCENARIOS.stream().filter(lastOfScenario::containsKey).forEach(scenario -> {
            List<Map<String, Object>> snapshots = load(scenario);
            for (int i = 0; i < snapshots.size(); i++) {
                Snapshot snapshot = new Snapshot(scenario, i + 1, snapshots.size(), new ObjectView(snapshots.get(i)));
                rows.add(Arguments.of(
                        Named.of(snapshot.toString(), snapshot),
                        i == snapshots.size() - 1 ? lastOfScenario.get(scenario) : Expected.inProgress()));
            }
        });
        return rows.stream();
    }

    /** One recorded state of an object, named by its place in the fixture and the status fields that matter. */
    record Snapshot(String scenario, int index, int count, ObjectView object) {
        @Override
        public String toString() {
            return scenario + " " + index + "/" + count + " [" + summary(object) + "]";
        }
    }

    static String summary(ObjectView object) {
        List<String> parts = new ArrayList<>();
        object.longAt("metadata", "generation").ifPresent(g -> parts.add("generation " + g));
        object.at("status")
                .filter(Map.class::isInstance)
                .map(s -> (Map<?, ?>) s)
                .ifPresent(status -> status.forEach((key, value) -> {
                    if (value instanceof Number
                            || key.equals("phase")
                            || key.toString().endsWith("Revision")) {
                        parts.add(key + " " + value);
                    }
                }));
        String conditions = object.listAt("status", "conditions").stream()
                .filter(c -> "True".equals(c.get("status")) || c.get("reason") != null)
                .map(c -> c.get("type") + "=" + (c.get("reason") == null ? c.get("status") : c.get("reason")))
                .collect(Collectors.joining(","));
        if (!conditions.isEmpty()) {
            parts.add(conditions);
        }
        waitingReasons(object).forEach(reason -> parts.add("waiting " + reason));
        return parts.isEmpty() ? "no status" : String.join(", ", parts);
    }

    // The controllers' own notion of done.

    static boolean controllersSayDone(ObjectView object) {
        long replicas = object.longAt("spec", "replicas").orElse(1L);
        boolean generationObserved =
                object.longAt("status", "observedGeneration").orElse(0L)
                        >= object.longAt("metadata", "generation").orElse(1L);
        return switch (object.kind()) {
            case "Deployment" ->
                generationObserved
                        && object.longAt("status", "updatedReplicas").orElse(0L) == replicas
                        && object.longAt("status", "replicas").orElse(0L) == replicas
                        && object.longAt("status", "availableReplicas").orElse(0L) == replicas
                        && object.condition("Progressing")
                                .map(c -> "NewReplicaSetAvailable".equals(c.get("reason")))
                                .orElse(false);
            case "StatefulSet" ->
                object.longAt("spec", "updateStrategy", "rollingUpdate", "partition")
                                        .orElse(0L)
                                > 0
                        ? generationObserved
                                && object.longAt("status", "readyReplicas").orElse(0L) == replicas
                                && object.longAt("status", "updatedReplicas").orElse(0L)
                                        >= replicas
                                                - object.longAt("spec", "updateStrategy", "rollingUpdate", "partition")
                                                        .get()
                        : generationObserved
                                && object.longAt("status", "readyReplicas").orElse(0L) == replicas
                                && object.longAt("status", "availableReplicas").orElse(0L) == replicas
                                && object.longAt("status", "updatedReplicas").orElse(0L) == replicas
                                && object.stringAt("status", "updateRevision").isPresent()
                                && object.stringAt("status", "updateRevision")
                                        .equals(object.stringAt("status", "currentRevision"));
            case "DaemonSet" ->
                object.longAt("status", "observedGeneration").orElse(0L)
                                >= object.longAt("metadata", "generation").orElse(1L)
                        && object.longAt("status", "desiredNumberScheduled").isPresent()
                        && object.longAt("status", "updatedNumberScheduled").orElse(0L)
                                >= object.longAt("status", "desiredNumberScheduled")
                                        .get()
                        && object.longAt("status", "numberAvailable").orElse(0L)
                                >= object.longAt("status", "desiredNumberScheduled")
                                        .get();
            case "Job" -> object.isTrue("Complete") || object.isTrue("Failed");
            case "Pod" -> waitingReasons(object).contains("ImagePullBackOff");
            default -> throw new IllegalArgumentException("no recorded scenario of kind " + object.kind());
        };
    }

    private static List<String> waitingReasons(ObjectView pod) {
        return pod.listAt("status", "containerStatuses").stream()
                .map(c ->
                        new ObjectView(c).stringAt("state", "waiting", "reason").orElse(null))
                .filter(Objects::nonNull)
                .toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(String scenario) {
        try {
            return YAML.readValue(text(scenario), List.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String scenario) {
        String path = "/fixtures/readiness/" + scenario + ".yaml";
        try (InputStream in = RecordedStatusTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " not on the test classpath; record it with StatusRecorder");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
