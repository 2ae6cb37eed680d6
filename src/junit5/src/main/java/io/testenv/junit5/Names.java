package io.testenv.junit5;

import java.security.SecureRandom;
import java.util.Locale;

/** Generated names that fit what Kubernetes accepts: DNS labels and label values, at most 63 characters. */
final class Names {

    static final int MAX = 63;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {}

    /** {@code testenv-<what>-<random>}, within 63 characters, a DNS label. */
    static String namespace(String what) {
        String suffix = random(5);
        String prefix = "testenv-";
        String middle = label(what, MAX - prefix.length() - suffix.length() - 1);
        return prefix + (middle.isEmpty() ? "" : middle + "-") + suffix;
    }

    /** Lower case, [a-z0-9-] only, no leading or trailing dash, at most {@code max} characters. */
    static String label(String text, int max) {
        String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (cleaned.length() > max) {
            cleaned = cleaned.substring(0, max);
        }
        return cleaned.replaceAll("^-+", "").replaceAll("-+$", "");
    }

    static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
