package dev.newt.campaign.outcome;

import dev.newt.results.Outcome;
import dev.newt.results.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides an experiment's outcome from its run and the golden run, by the rules of
 * {@code docs/OUTCOMES.md}, first match wins:
 * <ol>
 * <li>the harness failed: {@code harness-error};</li>
 * <li>the run was stopped at its wall-clock deadline: {@code failed};</li>
 * <li>the fault never activated and nothing went wrong: {@code not-activated}; when something did go
 *     wrong anyway, the rules below decide from the start of the run, and the detail says the fault
 *     did not fire;</li>
 * <li>the supervisor gave up, or a workload did not finish within the campaign's duration: {@code failed};</li>
 * <li>a detection was never followed by a restart of the detected server: {@code failed};</li>
 * <li>the workloads saw wrong data: more bytes corrupted than the golden run, or a stream that
 *     ended cleanly without all its bytes: {@code corrupted};</li>
 * <li>the workloads lost service: more connections lost than the golden run, more than twice the
 *     golden run's failed requests (any, when it had none), more bytes lost, more datagram answers
 *     duplicated, or a workload that took more than {@value #SLOWDOWN} times as long: {@code degraded};</li>
 * <li>something was detected and the server restarted: {@code recovered};</li>
 * <li>otherwise: {@code masked}.</li>
 * </ol>
 */
public final class OutcomeRules {
    /** A workload that takes more than this many times as long as in the golden run is degraded. */
    public static final int SLOWDOWN = 2;

    private OutcomeRules() {
    }

    /**
     * @param run    the experiment's run
     * @param golden the golden run's integrity figures
     * @return the outcome and why
     */
    public static Classification classify(final RunObservation run, final Integrity golden) {
        final Timeline t = Timeline.of(run.events());
        final Integrity i = Integrity.of(run.summaries());
        if (run.harnessError() != null) {
            return new Classification(Outcome.HARNESS_ERROR, "the harness failed: " + run.harnessError(), t, i);
        }
        if (run.deadlineExceeded()) {
            return new Classification(Outcome.FAILED, (t.activatedAt() == null ? "the fault did not fire, yet " : "")
                + "stopped at its wall-clock deadline" + (t.detected() == null ? "" : " (" + t.detected() + ")"), t, i);
        }
        if (run.violation() != null) {
            // A schedule's run stopped at the first event that broke an invariant: that event decides.
            return new Classification(run.violation().outcome(), run.violation().describe(), t, i);
        }
        if (t.activatedAt() == null) {
            return withoutActivation(run, golden, t, i);
        }
        return symptoms(run, golden, t, i);
    }

    /**
     * Rule 3: a run whose fault never fired is {@code not-activated} only when nothing went wrong. Its
     * symptoms are judged by the rules that follow, read from the start of the run (a detection
     * needs no activation before it), and the detail says that the fault did not fire: a false hang
     * detection, a crash or a workload that never finished is a finding about the system or the
     * harness, not a benign grey cell.
     */
    private static Classification withoutActivation(final RunObservation run, final Integrity golden,
                                                    final Timeline t, final Integrity i) {
        final long calls = run.faults().stream().mapToLong(f -> f.calls()).sum();
        final Classification anyway = symptoms(run, golden, Timeline.fromStart(run.events()), i);
        if (anyway.outcome() == Outcome.MASKED) {
            return new Classification(Outcome.NOT_ACTIVATED, "the fault never activated (" + calls
                + " calls of its sites)", t, i);
        }
        return new Classification(anyway.outcome(), "the fault did not fire (" + calls + " calls of its sites), yet "
            + anyway.detail(), t, i, anyway.crash());
    }

    /** Rules 4 to 10, from the story {@code t} (the fault's, or the run's from its start). */
    private static Classification symptoms(final RunObservation run, final Integrity golden, final Timeline t,
                                           final Integrity i) {
        if (t.gaveUp() != null) {
            return new Classification(Outcome.FAILED, "the supervisor gave up on " + t.gaveUp(), t, i);
        }
        if (!run.finished()) {
            final List<String> missing = new ArrayList<>(run.summaryWriters());
            missing.removeAll(run.summaries().keySet());
            return new Classification(Outcome.FAILED, "workload " + String.join(", ", missing)
                + " did not finish within the campaign's duration" + (t.detected() == null ? ""
                : " (" + t.detected() + ")"), t, i);
        }
        if (t.detectedAt() != null && t.recoveredAt() == null) {
            return new Classification(Outcome.FAILED, t.detected() + " and was never restarted", t, i);
        }
        final List<String> wrong = new ArrayList<>();
        if (i.bytesCorrupted() > golden.bytesCorrupted()) {
            wrong.add(i.bytesCorrupted() + " bytes corrupted");
        }
        if (i.silentLoss()) {
            wrong.add(i.bytesLost() + " bytes lost from a stream that ended without an error");
        }
        if (!wrong.isEmpty()) {
            return new Classification(Outcome.CORRUPTED, "the workload saw wrong data: " + String.join(", ", wrong),
                t, i);
        }
        final List<String> lost = serviceLoss(i, golden);
        if (!lost.isEmpty()) {
            return new Classification(Outcome.DEGRADED, (t.detected() == null ? "undetected; " : t.detected()
                + ", restarted; ") + "service lost: " + String.join(", ", lost), t, i);
        }
        if (t.detectedAt() != null) {
            return new Classification(Outcome.RECOVERED, t.detected() + ", restarted, workload intact", t, i);
        }
        return new Classification(Outcome.MASKED, "activated, nothing detected, workload intact", t, i);
    }

    private static List<String> serviceLoss(final Integrity i, final Integrity golden) {
        final List<String> out = new ArrayList<>();
        if (i.connectionsLost() > golden.connectionsLost()) {
            out.add(i.connectionsLost() + " connections lost (golden run " + golden.connectionsLost() + ")");
        }
        if (i.requestsFailed() - golden.requestsFailed() > golden.requestsFailed()) {
            out.add(i.requestsFailed() + " requests failed (golden run " + golden.requestsFailed() + ")");
        }
        if (i.bytesLost() > golden.bytesLost()) {
            out.add(i.bytesLost() + " bytes lost (golden run " + golden.bytesLost() + ")");
        }
        if (i.bytesDuplicated() > golden.bytesDuplicated()) {
            // Datagram protocols may duplicate: an answer seen twice is lost service quality, not wrong data.
            out.add(i.bytesDuplicated() + " answers duplicated (golden run " + golden.bytesDuplicated() + ")");
        }
        for (Map.Entry<String, Long> e : i.elapsedNanos().entrySet()) {
            final Long g = golden.elapsedNanos().get(e.getKey());
            if (g != null && g > 0 && e.getValue() > SLOWDOWN * g) {
                out.add(String.format(java.util.Locale.ROOT, "%s took %.1f ms (golden run %.1f ms)", e.getKey(),
                    e.getValue() / 1e6, g / 1e6));
            }
        }
        return out;
    }
}
