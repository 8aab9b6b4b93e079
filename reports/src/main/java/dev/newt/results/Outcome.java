package dev.newt.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What one experiment came to; the rules that decide it are in {@code docs/OUTCOMES.md}. */
public enum Outcome {
    /** The fault never fired. */
    NOT_ACTIVATED,
    /** The fault fired and nothing observable went wrong: no detection, workload intact. */
    MASKED,
    /** Detected, the server was restarted, and the workload finished intact. */
    RECOVERED,
    /** Recovered, but the workload lost service: connections reset, requests failed, or throughput fell. */
    DEGRADED,
    /** The workload saw wrong data: bytes lost, duplicated or corrupted without an error. */
    CORRUPTED,
    /** The system did not recover: gave up, hung past the deadline, or the workload did not finish. */
    FAILED,
    /** The harness itself failed: a bad spec, an exception outside the system under test. */
    HARNESS_ERROR;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** @return the name used in files and on the command line, such as {@code not-activated} */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * @param label a name such as {@code recovered}
     * @return the outcome
     * @throws IllegalArgumentException naming the label when it is none of the outcomes
     */
    @JsonCreator
    public static Outcome fromLabel(final String label) {
        for (Outcome o : values()) {
            if (o.label().equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + label + "'");
    }
}
