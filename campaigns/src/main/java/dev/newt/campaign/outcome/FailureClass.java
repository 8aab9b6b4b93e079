package dev.newt.campaign.outcome;

import dev.newt.results.Outcome;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failing run's class: its outcome and the check that failed, without the figures that vary from
 * run to run, such as {@code failed: gave up on b.tcp}, {@code failed: workload did not finish},
 * {@code corrupted: wrong data}, {@code corrupted: invariant stream-integrity}. Searching keeps the
 * runs of each class, and shrinking keeps a schedule only while it fails in the same class.
 */
public final class FailureClass {
    private static final Pattern INVARIANT = Pattern.compile("invariant (\\S+) violated");
    private static final Pattern GAVE_UP = Pattern.compile("gave up on (\\S+)");

    private FailureClass() {
    }

    /** @param o an outcome @return whether runs with it are failures kept for shrinking */
    public static boolean failing(final Outcome o) {
        return o == Outcome.FAILED || o == Outcome.CORRUPTED || o == Outcome.HARNESS_ERROR;
    }

    /**
     * @param o      a run's outcome
     * @param detail its detail
     * @return its class, or {@code null} when it did not fail
     */
    public static String of(final Outcome o, final String detail) {
        if (!failing(o)) {
            return null;
        }
        final String d = detail == null ? "" : detail;
        final String check;
        Matcher m;
        if (o == Outcome.HARNESS_ERROR) {
            check = "harness";
        } else if ((m = INVARIANT.matcher(d)).find()) {
            check = "invariant " + m.group(1);
        } else if (d.contains("wall-clock deadline")) {
            check = "deadline";
        } else if ((m = GAVE_UP.matcher(d)).find()) {
            check = "gave up on " + m.group(1);
        } else if (d.contains("did not finish")) {
            check = "workload did not finish";
        } else if (d.contains("never restarted")) {
            check = "never restarted";
        } else if (d.contains("ended without an error")) {
            check = "stream ended short";
        } else if (o == Outcome.CORRUPTED) {
            check = "wrong data";
        } else {
            check = "other";
        }
        return o.label() + ": " + check;
    }
}
