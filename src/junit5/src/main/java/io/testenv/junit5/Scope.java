package io.testenv.junit5;

/** How long an environment of {@link WithTestEnvironment} lives, and who shares it. */
public enum Scope {
    /** One environment per test class, in a namespace of its own (the default). */
    CLASS,
    /**
     * One environment shared by every class that names the same file: brought up once, on first use, and torn
     * down when the JUnit launcher session ends.
     */
    SUITE,
    /** A fresh environment, in a namespace of its own, for every test method. */
    METHOD
}
