package io.testenv.operator.config;

import io.testenv.operator.reconciler.marks.Labels;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The share of the TestEnvironments one operator replica reconciles, as Flux shards its controllers: a replica
 * started with a key takes those labelled {@code testenv.io/shard=<key>}, a replica without one those without the
 * label. Each shard elects its own leader, on a Lease named after it.
 *
 * @param key the shard's key; empty for the replica of the unlabelled environments
 */
public record Shard(Optional<String> key) {

    /** The leader-election Lease of the replica without a shard; a shard's is this, a dash and its key. */
    public static final String LEASE = "testenv-operator";

    /** A DNS label: a valid label value, and a valid suffix of the Lease's name. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public Shard {
        key.ifPresent(k -> {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("testenv.shard '" + k + "' is not a DNS label (lowercase "
                        + "letters, digits and '-', starting and ending with a letter or digit, at most 63)");
            }
        });
    }

    public static Shard of(String key) {
        return new Shard(Optional.of(key));
    }

    public static Shard none() {
        return new Shard(Optional.empty());
    }

    /** The label selector of the environments this shard reconciles. */
    public String selector() {
        return key.map(k -> Labels.SHARD + "=" + k).orElse("!" + Labels.SHARD);
    }

    /** This shard's selector and another one, both required. */
    public String selector(String and) {
        return and + "," + selector();
    }

    /** The name of the Lease this shard's replicas elect their leader on. */
    public String leaseName() {
        return key.map(k -> LEASE + "-" + k).orElse(LEASE);
    }

    /** Says which environments this replica reconciles, for its start-up log. */
    public String describe() {
        return key.map(k -> "shard " + k + " (TestEnvironments labelled " + selector() + ")")
                .orElse("no shard (TestEnvironments without the label " + Labels.SHARD + ")");
    }
}
