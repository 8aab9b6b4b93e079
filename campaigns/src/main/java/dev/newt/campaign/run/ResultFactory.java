package dev.newt.campaign.run;

import dev.newt.campaign.outcome.Classification;
import dev.newt.campaign.outcome.FailureClass;
import dev.newt.campaign.outcome.Integrity;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.Experiment;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.faults.FaultSummary;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Makes the lines of {@code results.jsonl} from runs and their classifications. */
final class ResultFactory {
    private ResultFactory() {
    }

    static ExperimentResult experiment(final Campaign campaign, final Experiment e, final Classification c,
                                       final RunObservation run, final long wallMillis, final String eventLog) {
        final Timeline t = c.timeline();
        final Integrity i = c.integrity();
        return new ExperimentResult(e.id(), e.index(), e.target(), e.faultLabel(), e.trigger().label(),
            e.repetition(), e.seed(), c.outcome(), c.detail(), t.activatedAt(), t.detectionLatency(),
            t.recoveryTime(), t.restarts(), i.connectionsLost(), i.bytesLost(), i.bytesDuplicated(),
            i.bytesCorrupted(), i.requestsFailed(), workload(run), run.updates(), wallMillis, run.runtimeNanos(), eventLog,
            campaign.recoveryOf(e), campaign.checkpointEveryOf(e), t.serviceLost(), c.crash(),
            e.schedule() == null ? null : e.schedule().toData(),
            e.schedule() == null ? null : FailureClass.of(c.outcome(), c.detail()));
    }

    /**
     * The golden run's line: {@code not-activated} (it has no fault) when its workloads finished,
     * {@code failed} when they did not (the campaign's baseline is then broken),
     * {@code harness-error} when the harness failed. Its detail says how many sites were reached.
     */
    static ExperimentResult golden(final long seed, final RunObservation run, final long wallMillis,
                                   final String eventLog) {
        final Integrity i = Integrity.of(run.summaries());
        final Timeline t = Timeline.of(run.events());
        final Outcome o;
        final String detail;
        final long reached = run.faults().stream().filter(f -> f.calls() > 0).count();
        if (run.harnessError() != null) {
            o = Outcome.HARNESS_ERROR;
            detail = "the harness failed: " + run.harnessError();
        } else if (run.deadlineExceeded() || !run.finished()) {
            o = Outcome.FAILED;
            detail = "golden run: the workloads did not finish without faults; outcomes cannot be trusted"
                + blockedByFilters(run);
        } else if (!undelivered(run.summaries()).isEmpty()) {
            o = Outcome.FAILED;
            detail = "golden run: without faults, " + String.join("; ", undelivered(run.summaries()))
                + "; outcomes cannot be trusted (check the links' loss and the packet filters)" + blockedByFilters(run);
        } else {
            o = Outcome.NOT_ACTIVATED;
            detail = "golden run: no fault; " + reached + " of " + run.faults().size()
                + " fault sites reached by the workloads";
        }
        return new ExperimentResult(ExperimentResult.GOLDEN, -1, null, null, null, 0, seed, o, detail, null, null,
            null, t.restarts(), i.connectionsLost(), i.bytesLost(), i.bytesDuplicated(), i.bytesCorrupted(),
            i.requestsFailed(), workload(run), run.updates(), wallMillis, run.runtimeNanos(), eventLog, null, null,
            t.serviceLost(), Timeline.fromStart(run.events()).crash());
    }

    /**
     * What the golden run's workloads failed to deliver at all: a workload that sent and got nothing
     * back (every datagram or request lost, no byte of a stream received, no file fetched). Some loss
     * is the baseline on a lossy link; none delivered means the system cannot carry the workload.
     */
    static List<String> undelivered(final Map<String, Map<String, Object>> summaries) {
        final List<String> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : new TreeMap<>(summaries).entrySet()) {
            final Map<String, Object> s = e.getValue();
            final String w = String.valueOf(s.get("workload"));
            switch (w) {
                case "udp-echo", "ping" -> {
                    if (n(s, "sent") > 0 && n(s, "received") == 0) {
                        out.add(e.getKey() + " (" + w + ") lost " + n(s, "sent") + " of " + n(s, "sent") + " requests");
                    }
                }
                case "rpc-client" -> {
                    if (n(s, "requests") > 0 && n(s, "ok") == 0) {
                        out.add(e.getKey() + " (rpc) got no answer to any of " + n(s, "requests") + " requests");
                    }
                }
                case "bulk-receiver" -> {
                    if (n(s, "bytesExpected") > 0 && n(s, "bytesReceived") == 0) {
                        out.add(e.getKey() + " (bulk) received 0 of " + n(s, "bytesExpected") + " bytes");
                    }
                }
                case "http-fetch" -> {
                    if (n(s, "fetches") > 0 && n(s, "ok") == 0) {
                        out.add(e.getKey() + " (http) fetched none of " + n(s, "fetches") + " files");
                    }
                }
                default -> {
                    // The other summaries (senders, servers) are judged by their peers'.
                }
            }
        }
        return out;
    }

    /**
     * What the packet filters blocked (their last {@link EventKinds#PF_BLOCKED} per filter and
     * direction), so a failed golden run points at a policy that blocks its own workload.
     *
     * @return {@code "; pf blocked: b.pf 10 in (last 6 10.0.0.2:40000 > 10.0.0.1:80)"}, or "" if nothing
     */
    static String blockedByFilters(final RunObservation run) {
        final Map<String, String> last = new TreeMap<>();
        for (Event e : run.events()) {
            if (e instanceof CustomEvent c && c.kind().equals(EventKinds.PF_BLOCKED)) {
                last.put(c.server() + " " + c.fields().get("direction"), c.server() + " " + c.fields().get("blocked")
                    + " " + c.fields().get("direction") + " (last " + c.fields().get("packet") + ")");
            }
        }
        return last.isEmpty() ? "" : "; pf blocked: " + String.join(", ", last.values());
    }

    private static long n(final Map<String, Object> s, final String field) {
        return s.get(field) instanceof Number x ? x.longValue() : 0;
    }

    /** @return the site call counts of the golden run's probes, by probe id */
    static Map<String, Long> siteCalls(final RunObservation golden) {
        final Map<String, Long> out = new TreeMap<>();
        for (FaultSummary f : golden.faults()) {
            out.put(f.fault(), f.calls());
        }
        return out;
    }

    private static Map<String, Object> workload(final RunObservation run) {
        return new TreeMap<>(run.summaries());
    }
}
