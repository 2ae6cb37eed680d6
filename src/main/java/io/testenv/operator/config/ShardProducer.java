package io.testenv.operator.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The shard this replica serves, from {@code testenv.shard}; a key that is not a DNS label stops the start. */
@ApplicationScoped
public class ShardProducer {

    @Produces
    @Singleton
    public Shard shard(OperatorConfig config) {
        return new Shard(config.shard());
    }
}
