package dev.newt.results;

/**
 * An interval shaded on a timeline, as Jepsen shades its nemesis.
 *
 * @param kind   {@code fault}, {@code recovery} (detection to restart), {@code gave-up}, {@code outage} (a
 *               workload made no progress), or
 *               {@code update:PHASE} such as {@code update:quiesce}
 * @param server the server it concerns
 * @param start  runtime clock at its start, nanoseconds
 * @param end    runtime clock at its end, nanoseconds (equal to start for an instant)
 */
public record Phase(String kind, String server, long start, long end) {
    /** Fault activation to disarming (an instant for a one-shot fault). */
    public static final String FAULT = "fault";
    /** Detection (crash, hang, corruption) to the restart. */
    public static final String RECOVERY = "recovery";
    /** The supervisor gave up: to the end of the log. */
    public static final String GAVE_UP = "gave-up";
    /** A workload made no progress between two bins that did: service lost. */
    public static final String OUTAGE = "outage";
    /** Prefix of update phases. */
    public static final String UPDATE = "update:";
}
