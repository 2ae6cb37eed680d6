package io.testenv.operator.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.testenv.operator.api.TestEnvironmentSpec;
import java.io.IOException;

/**
 * Writes an unreadable spec as a marker that {@link LenientSpecDeserializer} reads back as the same unreadable
 * spec, so that the copies the operator framework makes of an environment (by serializing it) keep the reason.
 * The operator never sends a spec to the API server; status and finalizer patches carry none. Registered on the
 * client's ObjectMapper only (see {@link ObjectMapperLimits}), around the spec's own serializer, so the CRD
 * generator still sees the model.
 */
public class LenientSpecSerializer extends StdSerializer<TestEnvironmentSpec> {

    static final String MARKER = "$unreadable";

    private final JsonSerializer<Object> bean;

    @SuppressWarnings("unchecked")
    LenientSpecSerializer(JsonSerializer<?> bean) {
        super(TestEnvironmentSpec.class);
        this.bean = (JsonSerializer<Object>) bean;
    }

    /** Puts this serializer around the spec's bean serializer. */
    static final class Modifier extends BeanSerializerModifier {
        @Override
        public JsonSerializer<?> modifySerializer(
                SerializationConfig config, BeanDescription description, JsonSerializer<?> serializer) {
            return description.getBeanClass() == TestEnvironmentSpec.class
                    ? new LenientSpecSerializer(serializer)
                    : serializer;
        }
    }

    @Override
    public void serialize(TestEnvironmentSpec spec, JsonGenerator generator, SerializerProvider provider)
            throws IOException {
        if (spec.getUnreadable() != null) {
            generator.writeStartObject();
            generator.writeStringField(MARKER, spec.getUnreadable());
            generator.writeEndObject();
        } else {
            bean.serialize(spec, generator, provider);
        }
    }
}
