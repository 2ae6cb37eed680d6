package io.testenv.operator.reconciler.apply;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks queued per key (an environment's namespace) and taken in turn, one key after the other, each key's tasks
 * in the order they came: a namespace that queued two hundred environments' applies does not hold back another
 * namespace's one, which is taken at the next turn. Not thread-safe: {@link FairExecutor} guards it.
 */
final class FairQueue<T> {

    /** The keys with tasks, in the order of their turns; a key that was served goes to the back. */
    private final LinkedHashMap<String, ArrayDeque<T>> byKey = new LinkedHashMap<>();

    private int size;

    void add(String key, T task) {
        byKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(task);
        size++;
    }

    /** The oldest task of the key whose turn it is; that key then waits for every other key's turn. */
    Optional<T> poll() {
        Iterator<Map.Entry<String, ArrayDeque<T>>> turns = byKey.entrySet().iterator();
        if (!turns.hasNext()) {
            return Optional.empty();
        }
        Map.Entry<String, ArrayDeque<T>> turn = turns.next();
        T task = turn.getValue().pollFirst();
        turns.remove();
        if (!turn.getValue().isEmpty()) {
            byKey.put(turn.getKey(), turn.getValue());
        }
        size--;
        return Optional.of(task);
    }

    int size() {
        return size;
    }
}
