package io.testenv.junit5;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link WithTestEnvironment}: brings the environments of a class up (CLASS and SUITE scopes)
 * before its tests and those of METHOD scope before each test, injects their outputs and handles, publishes the
 * timeline as report entries (and to {@code $GITHUB_STEP_SUMMARY}), and tears them down.
 */
public class TestEnvironmentExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE =
            ExtensionContext.Namespace.create(TestEnvironmentExtension.class);
    private static final String SESSIONS = "sessions";

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Map<String, EnvironmentSession> sessions = sessions(context);
        for (Settings settings : declared(testClass)) {
            if (settings.scope() == Scope.METHOD) {
                continue;
            }
            EnvironmentSession session = settings.scope() == Scope.SUITE
                    ? suite(context, settings)
                    : EnvironmentSession.bringUp(
                            client(context),
                            settings,
                            testClass.getName(),
                            testClass.getSimpleName(),
                            settings.reportsDir().resolve(testClass.getName()));
            sessions.put(session.name(), session);
            published(context, session);
        }
        inject(context, null, sessions);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sessions(context).values().stream()
                .filter(session -> session.scope() == Scope.CLASS)
                .forEach(EnvironmentSession::close);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Map<String, EnvironmentSession> sessions = sessions(context);
        for (Settings settings : declared(testClass)) {
            if (settings.scope() != Scope.METHOD) {
                continue;
            }
            String method = context.getRequiredTestMethod().getName();
            EnvironmentSession session = EnvironmentSession.bringUp(
                    client(context),
                    settings,
                    testClass.getName() + "." + method,
                    testClass.getSimpleName() + "." + method,
                    settings.reportsDir().resolve(testClass.getName()).resolve(method));
            sessions.put(session.name(), session);
            published(context, session);
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            inject(context, instance, visible(context));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sessions(context).values().forEach(EnvironmentSession::close);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestEnvironmentHandle.class
                || type == String.class && parameter.isAnnotated(TestEnvironmentOutput.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Map<String, EnvironmentSession> visible = visible(context);
        Optional<TestEnvironmentOutput> output = parameter.findAnnotation(TestEnvironmentOutput.class);
        EnvironmentSession session = pick(
                        visible, output.map(TestEnvironmentOutput::environment).orElse(""))
                .orElseThrow(() -> new ParameterResolutionException("no environment of @WithTestEnvironment is up "
                        + "for " + parameter.getParameter() + " (METHOD-scoped ones exist only in test methods)"));
        return output.isPresent() ? session.output(output.get().value()) : session;
    }

    /**
     * The annotations of the class and its superclasses, in declaration order; a @Nested class sees the
     * environments of its enclosing classes without bringing them up again.
     */
    static List<Settings> declared(Class<?> testClass) {
        return AnnotationSupport.findRepeatableAnnotations(testClass, WithTestEnvironment.class).stream()
                .map(Settings::of)
                .toList();
    }

    /** The environments of this context (class or method), by name. */
    @SuppressWarnings("unchecked")
    private static Map<String, EnvironmentSession> sessions(ExtensionContext context) {
        return context.getStore(STORE)
                .getOrComputeIfAbsent(SESSIONS, k -> new LinkedHashMap<String, EnvironmentSession>(), Map.class);
    }

    /** The environments a test sees: its method's, then its class's, then the enclosing classes'. */
    private static Map<String, EnvironmentSession> visible(ExtensionContext context) {
        Map<String, EnvironmentSession> visible = new LinkedHashMap<>();
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            if (c.get().getTestClass().isPresent()) {
                sessions(c.get()).forEach(visible::putIfAbsent);
            }
        }
        return visible;
    }

    private static Optional<EnvironmentSession> pick(Map<String, EnvironmentSession> sessions, String name) {
        if (!name.isEmpty()) {
            return Optional.ofNullable(sessions.get(name));
        }
        return sessions.values().stream().findFirst();
    }

    /** Sets the @TestEnvironmentOutput and TestEnvironmentHandle fields: static ones (instance null) or not. */
    private static void inject(ExtensionContext context, Object instance, Map<String, EnvironmentSession> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        Class<?> type = instance == null ? context.getRequiredTestClass() : instance.getClass();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) != (instance == null)) {
                    continue;
                }
                Optional<TestEnvironmentOutput> output =
                        Optional.ofNullable(field.getAnnotation(TestEnvironmentOutput.class));
                Object value;
                if (output.isPresent() && field.getType() == String.class) {
                    value = pick(sessions, output.get().environment())
                            .map(s -> s.output(output.get().value()))
                            .orElse(null);
                } else if (field.getType() == TestEnvironmentHandle.class) {
                    value = pick(sessions, "").orElse(null);
                } else {
                    continue;
                }
                if (value != null) {
                    try {
                        field.setAccessible(true);
                        field.set(instance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot set " + field, e);
                    }
                }
            }
        }
    }

    /** The suite-wide environment of this file: brought up once, closed when the launcher session ends. */
    private static EnvironmentSession suite(ExtensionContext context, Settings settings) {
        String key = "suite:" + settings.source();
        SuiteEnvironment shared = context.getRoot()
                .getStore(STORE)
                .getOrComputeIfAbsent(
                        key, k -> SuiteEnvironment.bringUp(client(context), settings), SuiteEnvironment.class);
        return shared.session();
    }

    /** One client per launcher session, from fabric8's usual kubeconfig resolution, closed with the session. */
    static KubernetesClient client(ExtensionContext context) {
        return context.getRoot()
                .getStore(STORE)
                .getOrComputeIfAbsent(
                        "client", k -> new SharedClient(new KubernetesClientBuilder().build()), SharedClient.class)
                .client();
    }

    /**
     * The timeline as report entries (Surefire and Gradle put them in their reports) and, when
     * {@code $GITHUB_STEP_SUMMARY} is set, as a Markdown table in the job's summary, once per bring-up.
     */
    private static void published(ExtensionContext context, EnvironmentSession session) {
        Timeline timeline = session.timeline();
        String prefix = "testenv." + session.name() + ".";
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(prefix + "namespace", session.namespace());
        entries.put(prefix + "bringUpSeconds", format(timeline.bringUpSeconds()));
        entries.put(prefix + "waitedSeconds", format(timeline.waitedSeconds()));
        entries.put(prefix + "criticalPath", String.join(" -> ", timeline.criticalPath()));
        entries.put(prefix + "criticalPathSeconds", format(timeline.criticalPathSeconds()));
        entries.put(prefix + "sequentialSeconds", format(timeline.sequentialSeconds()));
        context.publishReportEntry(entries);
        if (session.summarised()) {
            return;
        }
        String summary = System.getProperty("testenv.stepSummary", System.getenv("GITHUB_STEP_SUMMARY"));
        if (summary != null && !summary.isBlank()) {
            synchronized (TestEnvironmentExtension.class) {
                try {
                    Files.writeString(
                            Path.of(summary),
                            timeline.markdown("testenv: " + session.title()),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    System.err.println("testenv: could not append to " + summary + ": " + e);
                }
            }
        }
    }

    private static String format(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * A suite-wide environment in the root store; a failed bring-up is kept too, so every class fails alike. Closed
     * once when the session ends: CloseableResource for JUnit before 5.13, AutoCloseable after.
     */
    @SuppressWarnings("deprecation")
    static final class SuiteEnvironment implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        private final EnvironmentSession session;
        private final Throwable failure;

        private SuiteEnvironment(EnvironmentSession session, Throwable failure) {
            this.session = session;
            this.failure = failure;
        }

        static SuiteEnvironment bringUp(KubernetesClient client, Settings settings) {
            String file = Path.of(settings.source()).getFileName().toString().replaceAll("\\.ya?ml$", "");
            try {
                return new SuiteEnvironment(
                        EnvironmentSession.bringUp(
                                client,
                                settings,
                                "suite:" + settings.source(),
                                "suite." + file,
                                settings.reportsDir().resolve("suite-" + file)),
                        null);
            } catch (RuntimeException | AssertionError e) {
                return new SuiteEnvironment(null, e);
            }
        }

        EnvironmentSession session() {
            if (failure instanceof AssertionError e) {
                throw new AssertionError(e.getMessage(), e);
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            return session;
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
        }
    }

    /** The launcher session's client, closed with it. */
    @SuppressWarnings("deprecation")
    record SharedClient(KubernetesClient client) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        @Override
        public void close() {
            client.close();
        }
    }
}
