package io.testenv.operator.planner.readiness;

import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import com.google.protobuf.NullValue;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readiness overrides written in CEL with {@code self} bound to the object. Each distinct expression is
 * compiled once and its program cached; evaluation never throws: a field the object does not have yet makes the
 * object "in progress", as the kstatus convention for missing status does.
 * <p>
 * Nothing an expression reads is ever echoed: a result that is not a boolean is reported by its type, an
 * evaluation error by its kind, and messages quote only the expression the author wrote. Evaluation is bounded:
 * expressions are limited in size and nesting when compiled, and each evaluation in comprehension iterations,
 * evaluated steps and time, so a pathological expression fails its object with {@link #BUDGET_EXCEEDED} instead of
 * holding a reconcile thread.
 */
public final class CelHealth {

    public static final String READY_WHEN = "ReadyWhen";
    public static final String READY_WHEN_FALSE = "ReadyWhenFalse";
    public static final String FAILED_WHEN = "FailedWhen";
    public static final String NOT_YET_EVALUABLE = "NotYetEvaluable";
    public static final String NOT_BOOLEAN = "NotBoolean";
    public static final String BUDGET_EXCEEDED = "EvaluationBudgetExceeded";

    /**
     * Longest expression compiled, in code points. The CRD admits no longer: its limit is the API's
     * {@code HealthCheck.MAX_EXPRESSION_LENGTH}, which a test keeps equal to this one (this package imports
     * nothing of the API's CRD classes).
     */
    public static final int MAX_EXPRESSION_LENGTH = 1024;

    public static final int MAX_NESTING = 32;
    public static final int MAX_ITERATIONS = 10_000;
    public static final long MAX_STEPS = 100_000;
    public static final long MAX_NANOS = Duration.ofSeconds(1).toNanos();

    private record Compiled(CelRuntime.Program program, String error) {}

    private final Cel cel = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current()
                    .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                    .maxParseRecursionDepth(MAX_NESTING)
                    .comprehensionMaxIterations(MAX_ITERATIONS)
                    .build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    private final long maxSteps;
    private final long maxNanos;

    public CelHealth() {
        this(MAX_STEPS, MAX_NANOS);
    }

    /** With other evaluation bounds, for tests of the bounds themselves. */
    public CelHealth(long maxSteps, long maxNanos) {
        this.maxSteps = maxSteps;
        this.maxNanos = maxNanos;
    }

    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** Empty when the expression compiles; otherwise CEL's message. */
    public Optional<String> compileError(String expression) {
        return Optional.ofNullable(compile(expression).error());
    }

    /** How many distinct expressions have been compiled (each only once). */
    public int compiledCount() {
        return compiled.size();
    }

    /**
     * The rule of one kind with its override: {@code failedWhen} true fails it; {@code readyWhen}, when given,
     * decides ready or in progress; without it the built-in rule decides.
     */
    public ReadinessRule override(ReadinessRule builtin, String readyWhen, String failedWhen) {
        return object -> {
            Optional<ObjectHealth> terminating = ReadinessRules.terminating(object);
            if (terminating.isPresent()) {
                return terminating.get();
            }
            Map<String, Object> variables = Map.of("self", normalize(object.content()));
            if (failedWhen != null) {
                Outcome failed = evaluate(failedWhen, variables);
                if (failed.health() != null) {
                    return failed.health();
                }
                if (failed.value()) {
                    return ObjectHealth.failed(FAILED_WHEN, "failedWhen matched: " + failedWhen);
                }
            }
            if (readyWhen == null) {
                return builtin.evaluate(object);
            }
            Outcome ready = evaluate(readyWhen, variables);
            if (ready.health() != null) {
                return ready.health();
            }
            return ready.value()
                    ? ObjectHealth.ready(READY_WHEN, "readyWhen matched: " + readyWhen)
                    : ObjectHealth.inProgress(READY_WHEN_FALSE, "waiting for readyWhen: " + readyWhen);
        };
    }

    /** A boolean result, or the health to report when there is none. */
    private record Outcome(boolean value, ObjectHealth health) {}

    private Outcome evaluate(String expression, Map<String, Object> variables) {
        Compiled program = compile(expression);
        if (program.error() != null) {
            return new Outcome(false, ObjectHealth.inProgress(NOT_YET_EVALUABLE, program.error()));
        }
        Budget budget = new Budget(maxSteps, maxNanos);
        try {
            Object result = program.program().trace(variables, budget);
            if (result instanceof Boolean value) {
                return new Outcome(value, null);
            }
            return new Outcome(
                    false,
                    ObjectHealth.inProgress(
                            NOT_BOOLEAN, expression + " gave a value of type " + typeOf(result) + ", not a boolean"));
        } catch (CelEvaluationException e) {
            if (budget.exceeded != null || e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
                String limit = budget.exceeded != null
                        ? budget.exceeded
                        : "more than " + MAX_ITERATIONS + " comprehension iterations";
                return new Outcome(
                        false,
                        ObjectHealth.failed(BUDGET_EXCEEDED, expression + ": evaluation stopped after " + limit));
            }
            if (e.getErrorCode() == CelErrorCode.ATTRIBUTE_NOT_FOUND) {
                Optional<String> field = missingField(expression, e.getMessage());
                if (field.isPresent()) {
                    return new Outcome(
                            false,
                            ObjectHealth.inProgress(
                                    NOT_YET_EVALUABLE, "waiting for " + field.get() + " (" + expression + ")"));
                }
            }
            return new Outcome(false, ObjectHealth.inProgress(NOT_YET_EVALUABLE, expression + ": " + describe(e)));
        }
    }

    /**
     * Counts evaluated steps and watches the clock. Once over, it throws on every later step too, since CEL turns
     * a throw inside {@code &&}, {@code ||} or a loop condition into an error value and evaluates on.
     */
    static final class Budget implements CelEvaluationListener {
        private final long maxSteps;
        private final long deadline;
        private long steps;
        String exceeded;

        Budget(long maxSteps, long maxNanos) {
            this.maxSteps = maxSteps;
            this.deadline = System.nanoTime() + maxNanos;
        }

        @Override
        public void callback(CelExpr expr, Object result) {
            if (exceeded == null) {
                if (++steps > maxSteps) {
                    exceeded = maxSteps + " steps";
                } else if ((steps & 0xff) == 0 && System.nanoTime() > deadline) {
                    exceeded = "its time limit";
                }
            }
            if (exceeded != null) {
                throw new IllegalStateException("evaluation budget exceeded");
            }
        }
    }

    private static final Pattern POSITION = Pattern.compile("at <input>:(\\d+):");

    /**
     * The field a "no such key" error is about, as the expression names it: CEL reports where in the expression
     * the selection failed, and the selection chain ending there is the author's text, never a value read.
     */
    public static Optional<String> missingField(String expression, String message) {
        Matcher matcher = POSITION.matcher(message == null ? "" : message);
        if (!matcher.find()) {
            return Optional.empty();
        }
        int at = Integer.parseInt(matcher.group(1));
        if (at < 0 || at >= expression.length()) {
            return Optional.empty();
        }
        int end = at;
        if (expression.charAt(end) == '.') {
            end++;
            while (end < expression.length() && isIdentifier(expression.charAt(end))) {
                end++;
            }
        } else if (expression.charAt(end) == '[') {
            int close = expression.indexOf(']', end);
            if (close < 0) {
                return Optional.empty();
            }
            end = close + 1;
        } else {
            return Optional.empty();
        }
        int start = at;
        while (start > 0 && isChain(expression.charAt(start - 1))) {
            start--;
        }
        String field = expression.substring(start, end);
        return field.startsWith("self") ? Optional.of(field) : Optional.empty();
    }

    private static boolean isIdentifier(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isChain(char c) {
        return isIdentifier(c) || c == '.' || c == '[' || c == ']' || c == '\'' || c == '"';
    }

    /** What went wrong, by kind only: CEL's own messages can quote the values it read. */
    static String describe(CelEvaluationException e) {
        return switch (e.getErrorCode()) {
            case ATTRIBUTE_NOT_FOUND -> "a field it reads is not there yet";
            case INDEX_OUT_OF_BOUNDS -> "an index is out of bounds";
            case DIVIDE_BY_ZERO -> "division by zero";
            case OVERLOAD_NOT_FOUND, AMBIGUOUS_OVERLOAD ->
                "an operator or function does not apply to the types of its " + "arguments";
            case NUMERIC_OVERFLOW -> "a numeric overflow";
            case BAD_FORMAT, INVALID_ARGUMENT -> "an argument has the wrong format";
            default -> "an evaluation error (" + e.getErrorCode().name() + ")";
        };
    }

    /** The CEL type name of a value, never the value. */
    public static String typeOf(Object value) {
        if (value == null || value instanceof NullValue) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long || value instanceof Integer) {
            return "int";
        }
        if (value instanceof UnsignedLong) {
            return "uint";
        }
        if (value instanceof Double || value instanceof Float) {
            return "double";
        }
        if (value instanceof Map<?, ?>) {
            return "map";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof ByteString || value instanceof byte[]) {
            return "bytes";
        }
        return value.getClass().getSimpleName();
    }

    private Compiled compile(String expression) {
        return compiled.computeIfAbsent(expression, text -> {
            try {
                return new Compiled(cel.createProgram(cel.compile(text).getAst()), null);
            } catch (CelValidationException e) {
                return new Compiled(null, "does not compile: " + firstLine(e.getMessage()));
            } catch (CelEvaluationException e) {
                return new Compiled(null, "does not compile: " + firstLine(e.getMessage()));
            } catch (RuntimeException e) {
                // The parser's own limits (size, nesting) surface as exceptions of their own.
                return new Compiled(
                        null,
                        "is beyond the limits of " + MAX_EXPRESSION_LENGTH + " characters and " + MAX_NESTING
                                + " levels of nesting");
            }
        });
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    /** JSON numbers as CEL-Java wants them: int as Long, floating point as Double, recursively. */
    @SuppressWarnings("unchecked")
    public static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> result.put(k, normalize(v)));
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            list.forEach(item -> result.add(normalize(item)));
            return result;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        return value;
    }
}
