package io.testenv.operator.api.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Lets the client parse every object the API server can store. The API server accepts JSON nested 10000 levels
 * deep; Jackson stops at 1000 by default, and a watch event it cannot parse closes the watch, so one deep object
 * would stop the informer for every object of its kind. Specs deeper than {@link LenientSpecDeserializer#MAX_DEPTH}
 * are then refused on their own environment. It also keeps an unreadable spec's reason through the copies the
 * operator framework makes ({@link LenientSpecSerializer}).
 */
@Singleton
public class ObjectMapperLimits implements KubernetesClientObjectMapperCustomizer {

    /** The API server's 10000, plus the envelope of a watch event or a list. */
    static final int MAX_READ_DEPTH = 10_100;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_READ_DEPTH)
                        .build());
        mapper.registerModule(
                new SimpleModule("testenv-lenient-spec").setSerializerModifier(new LenientSpecSerializer.Modifier()));
    }
}
