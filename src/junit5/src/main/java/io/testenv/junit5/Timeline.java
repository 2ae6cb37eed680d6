package io.testenv.junit5;

import java.util.List;

/**
 * How a bring-up went, from the environment's {@code status.timing} and {@code status.components}.
 *
 * @param bringUpSeconds from the first reconcile to Ready, as the operator measured it
 * @param criticalPath the chain of components that decided the bring-up's length
 * @param criticalPathSeconds its length
 * @param sequentialSeconds what the bring-up would have taken one component at a time
 * @param waitedSeconds from the extension's apply to Ready, as the test saw it
 * @param components each component's times
 */
public record Timeline(
        Double bringUpSeconds,
        List<String> criticalPath,
        Double criticalPathSeconds,
        Double sequentialSeconds,
        double waitedSeconds,
        List<Component> components) {

    public Timeline {
        criticalPath = List.copyOf(criticalPath);
        components = List.copyOf(components);
    }

    /**
     * @param readySeconds from its apply to ready
     * @param blockedSeconds how long it waited for its dependencies
     */
    public record Component(
            String name, String phase, String appliedAt, String readyAt, Double readySeconds, Double blockedSeconds) {}

    /** A Markdown table: one row per component, the critical path marked, and the totals. */
    public String markdown(String title) {
        StringBuilder out = new StringBuilder("### ").append(title).append("\n\n");
        out.append("| component | phase | ready after (s) | blocked (s) | critical path |\n");
        out.append("|---|---|---|---|---|\n");
        for (Component c : components) {
            out.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(c.phase())
                    .append(" | ")
                    .append(number(c.readySeconds()))
                    .append(" | ")
                    .append(number(c.blockedSeconds()))
                    .append(" | ")
                    .append(criticalPath.contains(c.name()) ? "yes" : "")
                    .append(" |\n");
        }
        out.append("\nBring-up ")
                .append(number(bringUpSeconds))
                .append(" s (critical path ")
                .append(String.join(" → ", criticalPath))
                .append(", ")
                .append(number(criticalPathSeconds))
                .append(" s; one at a time ")
                .append(number(sequentialSeconds))
                .append(" s); waited ")
                .append(number(waitedSeconds))
                .append(" s.\n\n");
        return out.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
