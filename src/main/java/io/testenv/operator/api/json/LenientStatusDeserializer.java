package io.testenv.operator.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironmentStatus;
import java.io.IOException;

/**
 * Reads a status that someone with status rights may have written by hand: one that does not match the model is
 * read as no status (the operator writes it anew) instead of failing the watch all environments share.
 */
public class LenientStatusDeserializer extends StdDeserializer<TestEnvironmentStatus> {

    public LenientStatusDeserializer() {
        super(TestEnvironmentStatus.class);
    }

    @Override
    public TestEnvironmentStatus deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode tree = parser.readValueAsTree();
        if (tree == null || tree.isNull()) {
            return null;
        }
        if (LenientSpecDeserializer.depthExceeds(tree, LenientSpecDeserializer.MAX_DEPTH)) {
            Log.warn("a TestEnvironment status nests too deep to be read; it is rewritten");
            return null;
        }
        try {
            return context.readTreeAsValue(tree, TestEnvironmentStatus.class);
        } catch (IOException | RuntimeException e) {
            Log.warnf(
                    "a TestEnvironment status could not be read (%s); it is rewritten",
                    e.getClass().getSimpleName());
            return null;
        }
    }
}
