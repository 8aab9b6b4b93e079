package dev.newt.campaign.run;

import dev.newt.campaign.invariant.Invariants;
import dev.newt.campaign.invariant.Violation;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.system.SystemAssembly;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.EventLog;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSummary;
import dev.newt.faults.inject.FaultInjector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Runs one run of a campaign in this JVM: builds the system with the plan's faults woven in,
 * runs the workloads until every one has written its summary or the campaign's {@code duration}
 * of runtime clock has passed, and ends the faults.
 */
public final class InProcessRun {
    private InProcessRun() {
    }

    /**
     * @param c        the campaign
     * @param plan     the run's faults (empty for a plain golden run)
     * @param eventLog the file its events go to
     * @return what it left behind; a failure to build or run the system is a harness error
     */
    public static RunObservation run(final Campaign c, final FaultPlan plan, final Path eventLog) {
        return run(c, plan, eventLog, ManagedUpdates.INSTANCE);
    }

    /**
     * @param c        the campaign
     * @param plan     the run's faults
     * @param eventLog the file its events go to
     * @param live     performs the campaign's live updates, if it has any
     * @return what it left behind
     */
    public static RunObservation run(final Campaign c, final FaultPlan plan, final Path eventLog,
                                     final ScheduledUpdates live) {
        return run(c, plan, eventLog, live, null, null);
    }

    /**
     * A schedule's run: its schedule is the log's first event, and the invariants watch every event,
     * the first violation stopping the run.
     *
     * @param c          the campaign, as the schedule runs it ({@link Campaign#forSchedule})
     * @param plan       the schedule's faults
     * @param eventLog   the file its events go to
     * @param schedule   the schedule as data, recorded first ({@code schedule} event), or {@code null}
     * @param invariants the invariants to check, or {@code null} for none
     * @return what it left behind, with the violation if one stopped it
     */
    public static RunObservation run(final Campaign c, final FaultPlan plan, final Path eventLog,
                                     final Map<String, Object> schedule, final Invariants invariants) {
        return run(c, plan, eventLog, ManagedUpdates.INSTANCE, schedule, invariants);
    }

    private static RunObservation run(final Campaign c, final FaultPlan plan, final Path eventLog,
                                      final ScheduledUpdates live, final Map<String, Object> schedule,
                                      final Invariants invariants) {
        try (EventLog log = new EventLog(eventLog); FaultInjector faults = FaultInjector.of(plan)) {
            if (schedule != null) {
                log.record(new CustomEvent(0, "campaign", EventKinds.SCHEDULE, schedule));
            }
            if (invariants != null) {
                log.subscribe(invariants);
            }
            final SystemAssembly.Assembled a;
            try {
                a = SystemAssembly.build(c, faults, log);
            } catch (RuntimeException e) {
                return RunObservation.harnessError("cannot build the system: " + e.getMessage());
            }
            final List<String> writers = a.summaryWriters();
            final List<FaultSummary> done;
            final long now;
            final ScheduledUpdates.Scheduled updates;
            try (NewtRuntime rt = a.runtime()) {
                updates = c.updates().isEmpty() ? ScheduledUpdates.NONE : live.schedule(a, c.updates());
                final Set<String> seen = ConcurrentHashMap.newKeySet();
                log.subscribe(e -> {
                    if (e instanceof CustomEvent x && x.kind().equals(EventKinds.WORKLOAD_SUMMARY)) {
                        seen.add(x.server());
                    }
                });
                rt.start();
                runWorkloads(rt, c, () -> seen.containsAll(writers) || invariants != null && invariants.violated(),
                    updates);
                done = faults.finish();
                now = rt.now();
            } finally {
                a.closeProcesses();
            }
            final Violation v = invariants == null ? null : invariants.first();
            if (v != null) {
                log.record(violationEvent(v));
            }
            // After the runtime closed, so that the observation holds every event the file does.
            return new RunObservation(log.snapshot(), summaries(log, writers), writers, done, now, updates.results(),
                null, false, v);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RunObservation.harnessError("interrupted");
        } catch (RuntimeException e) {
            return RunObservation.harnessError(e.toString());
        }
    }

    /**
     * Runs (simulated) or waits (threaded) until the workloads are done or the campaign's duration
     * has passed on the runtime clock, stopping at each scheduled update's time to request it. An
     * interrupt (the harness abandoning the run at its wall deadline) stops it after the current
     * step: a simulated run would otherwise go on computing, unseen, until its duration.
     */
    private static void runWorkloads(final NewtRuntime rt, final Campaign c, final BooleanSupplier workloadsDone,
                                     final ScheduledUpdates.Scheduled updates) throws InterruptedException {
        final long end = rt.now() + c.duration().toNanos();
        final BooleanSupplier done = () -> workloadsDone.getAsBoolean() || Thread.currentThread().isInterrupted();
        while (!done.getAsBoolean() && rt.now() < end) {
            final long next = updates.nextAt();
            if (next <= rt.now()) {
                updates.requestDue();
                continue;
            }
            final long until = Math.min(end, next);
            if (rt.simulated()) {
                rt.runUntil(() -> done.getAsBoolean() || rt.now() >= until, Duration.ofNanos(until - rt.now()));
            } else {
                // Threads: poll the workloads' progress every millisecond, bounded by the next stop.
                while (!done.getAsBoolean() && rt.now() < until) {
                    Thread.sleep(1);
                }
            }
        }
    }

    private static CustomEvent violationEvent(final Violation v) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("invariant", v.invariant());
        f.put("outcome", v.outcome().label());
        f.put("detail", v.detail());
        f.put("eventTime", v.event().time());
        f.put("eventServer", v.event().server());
        f.put("eventType", EventKinds.of(v.event()));
        return new CustomEvent(v.event().time(), v.event().server(), EventKinds.INVARIANT_VIOLATED, f);
    }

    static Map<String, Map<String, Object>> summaries(final EventLog log, final List<String> writers) {
        final Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Event e : log.ofType(CustomEvent.class)) {
            if (e instanceof CustomEvent x && x.kind().equals(EventKinds.WORKLOAD_SUMMARY)
                && writers.contains(x.server())) {
                out.putIfAbsent(x.server(), x.fields());
            }
        }
        return out;
    }
}
