package dev.newt.core.composite;

import java.util.Objects;

/**
 * The payload of a timer an inner server of a composite set: timers fire at the composite's own
 * name, so the composite wraps the inner server's payload with its name and unwraps it into a
 * {@code TIMER} envelope for that inner server when it fires.
 *
 * @param inner   the inner server that set the timer
 * @param payload what its timer envelope carries
 */
public record InnerTimer(String inner, Object payload) {

    /** Validates both fields. */
    public InnerTimer {
        Objects.requireNonNull(inner, "inner");
        Objects.requireNonNull(payload, "payload");
    }
}
