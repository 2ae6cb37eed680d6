package io.testenv.operator.planner.readiness;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * Readiness overrides written in CEL with {@code self} bound to the object. Each distinct expression is
 * compiled once and its program cached; evaluation never throws: a field the object does not have yet makes the
 * object "in progress", as the kstatus convention for missing status does.
 */
public final class CelHealth {

    static final String READY_WHEN = "ReadyWhen";
    static final String READY_WHEN_FALSE = "ReadyWhenFalse";
    static final String FAILED_WHEN = "FailedWhen";
    static final String NOT_YET_EVALUABLE = "NotYetEvaluable";
    static final String NOT_BOOLEAN = "NotBoolean";

    private record Compiled(CelRuntime.Program program, String error) {
    }

    private final Cel cel = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** Empty when the expression compiles; otherwise CEL's message. */
    public Optional<String> compileError(String expression) {
        return Optional.ofNullable(compile(expression).error());
    }

    /** How many distinct expressions have been compiled (each only once). */
    int compiledCount() {
        return compiled.size();
    }

    /**
     * The rule of one kind with its override: {@code failedWhen} true fails it; {@code readyWhen}, when given,
     * decides ready or in progress; without it the built-in rule decides.
     */
    public ReadinessRule override(ReadinessRule builtin, String readyWhen, String failedWhen) {
        return object -> {
            if (object.at("metadata", "deletionTimestamp").isPresent()) {
                return ObjectHealth.inProgress(ReadinessRules.TERMINATING, "terminating");
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
            return ready.value() ? ObjectHealth.ready(READY_WHEN, "readyWhen matched: " + readyWhen)
                    : ObjectHealth.inProgress(READY_WHEN_FALSE, "waiting for readyWhen: " + readyWhen);
        };
    }

    /** A boolean result, or the health to report when there is none. */
    private record Outcome(boolean value, ObjectHealth health) {
    }

    private Outcome evaluate(String expression, Map<String, Object> variables) {
        Compiled program = compile(expression);
        if (program.error() != null) {
            return new Outcome(false, ObjectHealth.inProgress(NOT_YET_EVALUABLE, program.error()));
        }
        try {
            Object result = program.program().eval(variables);
            if (result instanceof Boolean value) {
                return new Outcome(value, null);
            }
            return new Outcome(false, ObjectHealth.inProgress(NOT_BOOLEAN,
                    expression + " gave " + result + ", not a boolean"));
        } catch (CelEvaluationException e) {
            return new Outcome(false, ObjectHealth.inProgress(NOT_YET_EVALUABLE, expression + ": "
                    + firstLine(e.getMessage())));
        }
    }

    private Compiled compile(String expression) {
        return compiled.computeIfAbsent(expression, text -> {
            try {
                return new Compiled(cel.createProgram(cel.compile(text).getAst()), null);
            } catch (CelValidationException e) {
                return new Compiled(null, firstLine(e.getMessage()));
            } catch (CelEvaluationException e) {
                return new Compiled(null, firstLine(e.getMessage()));
            }
        });
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    /** JSON numbers as CEL-Java wants them: int as Long, floating point as Double, recursively. */
    @SuppressWarnings("unchecked")
    static Object normalize(Object value) {
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
