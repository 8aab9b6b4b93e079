package dev.newt.core.server;

import java.time.Duration;
import java.util.Objects;

/**
 * OTP's restart intensity: at most {@code maxRestarts} restarts within {@code window}; one more and
 * the supervisor gives up on the server and escalates.
 *
 * @param maxRestarts restarts allowed in the window, at least 0
 * @param window      the sliding window, positive
 */
public record RestartIntensity(int maxRestarts, Duration window) {

    /** OTP's default: three restarts in five seconds. */
    public static final RestartIntensity DEFAULT = new RestartIntensity(3, Duration.ofSeconds(5));

    /** Validates the limits, naming the bad one. */
    public RestartIntensity {
        Objects.requireNonNull(window, "window");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be >= 0, was " + maxRestarts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("restart window must be positive, was " + window);
        }
    }
}
