package io.testenv.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects {@code status.outputs.<value>} of the environment into a {@code String} field or parameter. */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TestEnvironmentOutput {

    /** The output's name, as in {@code spec.outputs[].name}. */
    String value();

    /** Which environment, by its {@code metadata.name}, when the class has several; empty: the first declared. */
    String environment() default "";
}
