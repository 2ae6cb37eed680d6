package io.testenv.operator.planner.readiness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;

/** Objects written as YAML in tests, parsed as the API server's JSON would be (Integer numbers included). */
final class Yaml {

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private Yaml() {}

    @SuppressWarnings("unchecked")
    static ObjectView object(String yaml) {
        try {
            return new ObjectView(MAPPER.readValue(yaml, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
