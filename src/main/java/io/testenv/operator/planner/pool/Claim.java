package io.testenv.operator.planner.pool;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A claim on a pool as observed: its name, creation time, the components it adds, whether it is being deleted, and
 * whether it was ever bound (its status names an environment): a claim is bound once, and its environment never
 * replaced. Claims are served first come, first served: by creation time, then name.
 */
public record Claim(String name, Instant created, List<String> componentNames, boolean deleting, boolean boundBefore) {

    public static final Comparator<Claim> FIRST_COME =
            Comparator.comparing(Claim::created).thenComparing(Claim::name);

    public Claim {
        componentNames = List.copyOf(componentNames);
    }

    public static Claim of(String name, Instant created) {
        return new Claim(name, created, List.of(), false, false);
    }
}
