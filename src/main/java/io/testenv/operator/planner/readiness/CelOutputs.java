package io.testenv.operator.planner.readiness;

import com.google.protobuf.ByteString;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An environment's outputs: CEL expressions over the live objects it declares ({@code objects}, keyed
 * {@code "<Kind>/<name>"}), its namespace ({@code __namespace__}) and {@code name}, each yielding a string (numbers and booleans are
 * converted). The bounds of readiness expressions apply ({@link CelHealth}). Thread-safe; each expression is
 * compiled once.
 */
public final class CelOutputs {

    /**
     * The environment's namespace. {@code namespace} is a reserved word in CEL, so it is escaped as Kubernetes escapes
     * reserved words in its own CEL (validation rules): {@code __namespace__}.
     */
    public static final String NAMESPACE = "__namespace__";

    /** An output's value is at most this long: the status stays small whatever an expression builds. */
    public static final int MAX_VALUE_LENGTH = 4096;

    /** A value, or why there is none (the expression and what CEL said; never an object's content). */
    public record Result(String value, String problem) {

        static Result of(String value) {
            return new Result(value, null);
        }

        static Result problem(String problem) {
            return new Result(null, problem);
        }
    }

    private record Compiled(CelRuntime.Program program, String error) {}

    private final Cel cel = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current()
                    .maxExpressionCodePointSize(CelHealth.MAX_EXPRESSION_LENGTH)
                    .maxParseRecursionDepth(CelHealth.MAX_NESTING)
                    .comprehensionMaxIterations(CelHealth.MAX_ITERATIONS)
                    .build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("objects", SimpleType.DYN)
            .addVar(NAMESPACE, SimpleType.STRING)
            .addVar("name", SimpleType.STRING)
            .build();
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** Empty when the expression compiles; otherwise CEL's message. */
    public Optional<String> compileError(String expression) {
        return Optional.ofNullable(compile(expression).error());
    }

    /**
     * @param objects the environment's objects as observed, keyed {@code "<Kind>/<name>"}
     */
    public Result resolve(String expression, Map<String, Object> objects, String namespace, String name) {
        Compiled program = compile(expression);
        if (program.error() != null) {
            return Result.problem(program.error());
        }
        CelHealth.Budget budget = new CelHealth.Budget(CelHealth.MAX_STEPS, CelHealth.MAX_NANOS);
        try {
            Object value = program.program()
                    .trace(Map.of("objects", CelHealth.normalize(objects), NAMESPACE, namespace, "name", name), budget);
            if (value instanceof String text) {
                return text.length() > MAX_VALUE_LENGTH
                        ? Result.problem("gave " + text.length() + " characters, more than " + MAX_VALUE_LENGTH)
                        : Result.of(text);
            }
            if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
                return Result.of(String.valueOf(value));
            }
            if (value instanceof com.google.common.primitives.UnsignedLong unsigned) {
                return Result.of(unsigned.toString());
            }
            if (value instanceof ByteString) {
                return Result.problem("gave bytes, not a string");
            }
            return Result.problem("gave a value of type " + CelHealth.typeOf(value) + ", not a string");
        } catch (CelEvaluationException e) {
            if (budget.exceeded != null || e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
                return Result.problem("evaluation stopped after "
                        + (budget.exceeded != null
                                ? budget.exceeded
                                : "more than " + CelHealth.MAX_ITERATIONS + " comprehension iterations"));
            }
            if (e.getErrorCode() == CelErrorCode.ATTRIBUTE_NOT_FOUND) {
                Optional<String> field = CelHealth.missingField(expression, e.getMessage());
                if (field.isPresent()) {
                    return Result.problem("waiting for " + field.get());
                }
            }
            return Result.problem(CelHealth.describe(e));
        }
    }

    private Compiled compile(String expression) {
        return compiled.computeIfAbsent(expression, text -> {
            try {
                return new Compiled(cel.createProgram(cel.compile(text).getAst()), null);
            } catch (CelValidationException | CelEvaluationException e) {
                return new Compiled(null, "does not compile: " + CelHealth.firstLine(e.getMessage()));
            } catch (RuntimeException e) {
                return new Compiled(
                        null,
                        "is beyond the limits of " + CelHealth.MAX_EXPRESSION_LENGTH + " characters and "
                                + CelHealth.MAX_NESTING + " levels of nesting");
            }
        });
    }
}
