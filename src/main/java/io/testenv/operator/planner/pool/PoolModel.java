package io.testenv.operator.planner.pool;

import java.util.List;
import java.util.Set;

/**
 * What a pool asks for: its size, its cap (null: none), the digest of its template and the template's component
 * names (a claim may not reuse them).
 */
public record PoolModel(int size, Integer maxSize, String templateHash, Set<String> templateComponents) {

    public PoolModel {
        templateComponents = Set.copyOf(templateComponents);
    }

    /** The names of the claim's components that the template already has, in the claim's order. */
    public List<String> clashes(Claim claim) {
        return claim.componentNames().stream()
                .filter(templateComponents::contains)
                .toList();
    }
}
