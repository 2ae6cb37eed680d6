package io.testenv.operator.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.testenv.operator.api.TestEnvironmentSpec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

/**
 * Reads a TestEnvironment's spec so that no spec can fail the watch all environments share: one that does not
 * match the model (an unknown enum value, a wrong type, a CRD looser than this operator) or nests deeper than
 * {@value #MAX_DEPTH} levels becomes an empty spec that says why it could not be read, reported on that
 * environment as InvalidSpec. The message names the field and what was expected, never the whole object.
 */
public class LenientSpecDeserializer extends StdDeserializer<TestEnvironmentSpec> {

    /** Deeper than any Kubernetes object needs; the API server itself accepts 10000. */
    public static final int MAX_DEPTH = 100;

    public LenientSpecDeserializer() {
        super(TestEnvironmentSpec.class);
    }

    @Override
    public TestEnvironmentSpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode tree = parser.readValueAsTree();
        if (tree == null || tree.isNull()) {
            return null;
        }
        if (tree.size() == 1 && tree.path(LenientSpecSerializer.MARKER).isTextual()) {
            return TestEnvironmentSpec.unreadable(
                    tree.get(LenientSpecSerializer.MARKER).asText());
        }
        if (depthExceeds(tree, MAX_DEPTH)) {
            return TestEnvironmentSpec.unreadable("spec nests deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return context.readTreeAsValue(tree, TestEnvironmentSpec.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining());
            return TestEnvironmentSpec.unreadable("spec" + path + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            return TestEnvironmentSpec.unreadable(
                    "spec cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether the tree is deeper than the limit, walked without recursion. */
    static boolean depthExceeds(JsonNode root, int limit) {
        record Level(JsonNode node, int depth) {}
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, 1));
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            if (level.depth() > limit) {
                return true;
            }
            if (level.node().isContainerNode()) {
                level.node().forEach(child -> pending.push(new Level(child, level.depth() + 1)));
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
