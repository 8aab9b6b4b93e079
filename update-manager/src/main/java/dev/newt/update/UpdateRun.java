package dev.newt.update;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.UpdatePhase;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerSwap;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.time.TimerHandle;
import dev.newt.update.UpdateOutcome.Result;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One update under way: a state machine driven by its servers' swaps (on their workers) and by
 * timers (the quiesce deadline, the probation's health polls). Every transition holds this
 * object's lock and only queues commands, so no thread ever waits on another here.
 *
 * <pre>
 * QUIESCE --all held--> TRANSFER --all serving--> PROBATION --window passed, healthy--> committed
 *    |                     |                          |
 *    | deadline, or a      | a transform fails:       | a start fails, a new version fails
 *    | server cannot be    | ABORTING                 | or the health check does:
 *    | held: ABORTING      |                          | ROLLING_BACK --all restored--> rolled back
 *    +--all released--> aborted
 * </pre>
 */
final class UpdateRun implements ServerSwap.Listener {
    private enum Stage { QUIESCE, TRANSFER, PROBATION, ABORTING, ROLLING_BACK, DONE }

    /** One server of the update and its timeline. */
    private static final class Member {
        final String server;
        final ServerSpec<?> next;
        ServerSwap swap;
        byte[] checkpoint;
        long heldAt = -1;
        long resumedAt = -1;
        long settledAt = -1;
        boolean started;
        /** Pre-copy of a state by parts, or null: the whole state is copied at the safe point. */
        PreCopy precopy;
        /** The state by parts at the safe point, and its whole-state encoding on demand. */
        Checkpoint byParts;
        Supplier<byte[]> whole;
        /** The snapshot of the pre-copy round under way, or null. */
        Checkpoint snapshot;
        boolean settled;
        int replayed;
        /** The snapshot a shadow is made from, its run, and whether it is warm. */
        Checkpoint shadowFrom;
        boolean shadowed;
        boolean warm;
        /** Why its transform hung when the update began, or null. */
        String hung;

        Member(final String server, final ServerSpec<?> next) {
            this.server = server;
            this.next = next;
        }
    }

    /** Rehearsals of a new version's start before the switch, at most, and their wall-clock budget. */
    private static final int START_REHEARSALS = 20;
    private static final Duration START_REHEARSAL_BUDGET = Duration.ofMillis(200);

    private final String id;
    private final NewtRuntime runtime;
    private final UpdatePlan plan;
    private final String image;
    private final String label;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Long> phaseNanos = new LinkedHashMap<>();
    private final CompletableFuture<UpdateOutcome> future = new CompletableFuture<>();
    private Stage stage = Stage.QUIESCE;
    private long requestedAt;
    private long phaseStart;
    /** Wall clock (System.nanoTime) at the phase's start, and each phase's wall-clock cost: never in the event log. */
    private long wallPhaseStart;
    private long wallRequestedAt;
    private final Map<String, Long> wallPhaseNanos = new LinkedHashMap<>();
    private long rollbackStart = -1;
    private String reason = "";
    private TimerHandle deadline;
    private TimerHandle poll;
    private int snapshotsAwaited;
    /** Shadows: snapshots awaited, the start of the run, its deadline; whether the hold was asked for. */
    private int shadowSnapshotsAwaited;
    private long shadowStart = -1;
    private TimerHandle warmDeadline;
    private boolean holding;
    /** How long one state transform may take (wall clock) before the update gives up on it as hung. */
    private final Duration transformBound;

    UpdateRun(final String id, final NewtRuntime runtime, final UpdatePlan plan) {
        this.id = id;
        this.runtime = runtime;
        this.plan = plan;
        this.image = plan.image();
        this.label = String.join(",", plan.servers());
        this.transformBound = BoundedTransform.boundOf(plan);
        for (String s : plan.servers()) {
            members.put(s, new Member(s, plan.spec(s)));
        }
    }

    CompletableFuture<UpdateOutcome> future() {
        return future;
    }

    /**
     * Prepares every new version, pre-copying the states checkpointed by parts in rounds while the
     * old versions serve, then asks every server to stop at its safe point.
     */
    synchronized void begin() {
        requestedAt = runtime.now();
        phaseStart = requestedAt;
        wallRequestedAt = System.nanoTime();
        wallPhaseStart = wallRequestedAt;
        members.values().forEach(this::prepare);
        for (Member m : members.values()) {
            m.swap = runtime.swap(m.server, this);
        }
        nextRoundOrHold();
    }

    /**
     * Another pre-copy round from snapshots the servers take between two messages (after the plan's
     * gap), while some pre-copy wants one; else holds every server.
     */
    private void nextRoundOrHold() {
        final List<Member> wanting = members.values().stream()
            .filter(m -> m.precopy != null && m.precopy.wantsAnother()).toList();
        if (wanting.isEmpty()) {
            shadowsOrHold();
            return;
        }
        snapshotsAwaited = wanting.size();
        if (plan.precopyGap().isZero()) {
            wanting.forEach(m -> m.swap.snapshot());
        } else {
            runtime.schedule(plan.precopyGap(), () -> wanting.forEach(m -> m.swap.snapshot()));
        }
    }

    @Override
    public synchronized void snapshot(final ServerSwap swap, final Checkpoint state) {
        final Member m = member(swap);
        m.snapshot = state;
        if (stage == Stage.QUIESCE && --snapshotsAwaited == 0) {
            // Transformed off the servers' workers: they serve meanwhile.
            runtime.schedule(Duration.ZERO, this::roundFromSnapshots);
        }
    }

    private synchronized void roundFromSnapshots() {
        if (stage != Stage.QUIESCE) {
            return;
        }
        boolean progressed = false;
        for (Member m : members.values()) {
            if (m.precopy != null && m.snapshot != null) {
                try {
                    progressed |= m.precopy.round(m.snapshot);
                } catch (RuntimeException e) {
                    // Not part by part after all: the whole state is copied at the safe point.
                    m.precopy = null;
                }
            }
            m.snapshot = null;
        }
        if (progressed) {
            nextRoundOrHold();
        } else {
            shadowsOrHold();
        }
    }

    /**
     * Warms the new versions in shadows first, when the plan asks for it: a snapshot of each
     * server's state between two messages, from which its shadow starts.
     */
    private void shadowsOrHold() {
        if (plan.shadow().isEmpty()) {
            holdAll();
            return;
        }
        shadowStart = runtime.now();
        shadowSnapshotsAwaited = members.size();
        members.values().forEach(m -> m.swap.shadowSnapshot());
    }

    @Override
    public synchronized void shadowSnapshot(final ServerSwap swap, final Checkpoint state) {
        final Member m = member(swap);
        m.shadowFrom = state;
        if (stage == Stage.QUIESCE && --shadowSnapshotsAwaited == 0) {
            // Transformed and decoded off the servers' workers: they serve meanwhile, keeping what they handle.
            runtime.schedule(Duration.ZERO, this::startShadows);
        }
    }

    /** Makes each shadow's state from its snapshot (transformed as at the safe point) and starts it. */
    private synchronized void startShadows() {
        if (stage != Stage.QUIESCE) {
            return;
        }
        final UpdatePlan.Shadow settings = plan.shadow().orElseThrow();
        final Map<Member, Object> states = new LinkedHashMap<>();
        final Map<Member, ServerSwap.OutputCheck> checks = new LinkedHashMap<>();
        try {
            for (Member m : members.values()) {
                if (m.shadowFrom == null) {
                    continue;
                }
                final Checkpoint from = m.shadowFrom;
                states.put(m, BoundedTransform.call(m.server, transformBound, () -> shadowState(m, from)));
                final ServerSwap.OutputCheck c = settings.outputs() != null ? settings.outputs()
                    : OutputRule.declared(m.server, m.next.stateType(), runtime.codec().mapper()).orElse(null);
                checks.put(m, c);
            }
        } catch (RuntimeException e) {
            abort("state transfer failed (for the shadow): " + e.getMessage());
            return;
        }
        // The start, which no message reaches, is warmed on copies of the same state.
        states.keySet().forEach(m -> {
            final Checkpoint from = m.shadowFrom;
            StartRehearsal.run(m.next, () -> shadowState(m, from), START_REHEARSALS, START_REHEARSAL_BUDGET,
                runtime.simulated());
        });
        members.values().forEach(m -> m.shadowFrom = null);
        if (states.isEmpty()) {
            holdAll();
            return;
        }
        warmDeadline = runtime.schedule(settings.deadline(), this::warmDeadlinePassed);
        states.forEach((m, st) -> {
            m.shadowed = true;
            m.swap.startShadow(m.next, st, settings.messages(), checks.get(m));
        });
    }

    /** The snapshot's state as the new version's: by the pre-copy (its last round, then decoded), else transformed whole. */
    private Object shadowState(final Member m, final Checkpoint c) {
        if (m.hung != null) {
            throw new IllegalStateException(m.hung + ", when the update began");
        }
        if (m.precopy != null && c.byParts()) {
            try {
                return m.precopy.stateAt(c);
            } catch (PreCopy.NotByParts e) {
                m.precopy = null;
            }
        }
        final ServerSpec<?> running = runtime.spec(m.server);
        final byte[] whole = c.byParts()
            ? runtime.codec().encode(m.server, ((dev.newt.core.store.PartCodec<?>) running.partCodec())
                .decode(c.state(), c.parts().materialise()))
            : c.state();
        return StateTransfer.transfer(m.server, whole, runtime.spec(m.server).stateType(), m.next.stateType(),
            transformOf(m), runtime.codec().mapper());
    }

    @Override
    public synchronized void shadowWarm(final ServerSwap swap, final long handled) {
        member(swap).warm = true;
        if (stage == Stage.QUIESCE && members.values().stream().allMatch(m -> m.warm || !m.shadowed)) {
            holdAll();
        }
    }

    private synchronized void warmDeadlinePassed() {
        if (stage == Stage.QUIESCE) {
            holdAll();
        }
    }

    @Override
    public synchronized void shadowEnded(final ServerSwap swap, final ServerSwap.ShadowEnd end, final long handled,
                                         final String problem) {
        final Member m = member(swap);
        m.shadowed = false;
        if (stage != Stage.QUIESCE) {
            return;
        }
        if (end == ServerSwap.ShadowEnd.VOID) {
            // Not the new version's doing: the switch copies the state at the safe point instead.
            if (!holding && members.values().stream().allMatch(x -> x.warm || !x.shadowed)) {
                holdAll();
            }
            return;
        }
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("updateId", id);
        f.put("server", m.server);
        f.put("handled", handled);
        f.put(end == ServerSwap.ShadowEnd.DIVERGED ? "message" : "failed", problem);
        runtime.events().record(new CustomEvent(runtime.now(), m.server, EventKinds.UPDATE_DIVERGED, f));
        endPhase(UpdatePhase.QUIESCE);
        abort(end == ServerSwap.ShadowEnd.DIVERGED
            ? "the new version of '" + m.server + "' diverged from the live one in its shadow, before the switch, at "
                + problem
            : "the new version of '" + m.server + "' failed in its shadow, before the switch: " + problem);
    }

    private void holdAll() {
        if (holding) {
            return;
        }
        holding = true;
        if (warmDeadline != null) {
            warmDeadline.cancel();
        }
        if (shadowStart >= 0) {
            final long now = runtime.now();
            runtime.events().record(new CustomEvent(now, label, EventKinds.UPDATE_PHASE,
                new UpdatePhase(id, UpdatePhase.SHADOW, shadowStart, now).toFields()));
        }
        for (Member m : members.values()) {
            if (m.precopy != null && !m.shadowed) {
                try {
                    m.precopy.rehearse();
                } catch (RuntimeException e) {
                    m.precopy = null;
                }
            }
        }
        deadline = runtime.schedule(plan.quiesceDeadline(), this::quiesceDeadlinePassed);
        for (Member m : members.values()) {
            m.swap.hold();
        }
    }

    @Override
    public synchronized void held(final ServerSwap swap, final byte[] checkpoint) {
        final Member m = member(swap);
        m.heldAt = runtime.now();
        if (checkpoint != null) {
            m.checkpoint = checkpoint;
        }
        if (stage != Stage.QUIESCE || members.values().stream().anyMatch(x -> x.heldAt < 0)) {
            return;
        }
        deadline.cancel();
        endPhase(UpdatePhase.QUIESCE);
        stage = Stage.TRANSFER;
        // Every state is transformed before any new version starts: a transform that fails
        // leaves every old version untouched.
        final Map<Member, Object> states = new LinkedHashMap<>();
        try {
            for (Member x : members.values()) {
                states.put(x, x.swap.shadowState().isPresent() ? transfer(x)
                    : BoundedTransform.call(x.server, transformBound, () -> transfer(x)));
            }
        } catch (RuntimeException e) {
            endPhase(UpdatePhase.TRANSFER);
            abort("state transfer failed: " + e.getMessage());
            return;
        }
        states.forEach((x, state) -> x.swap.start(x.next, state));
    }

    @Override
    public synchronized void heldByParts(final ServerSwap swap, final Checkpoint checkpoint,
                                         final Supplier<byte[]> whole) {
        final Member m = member(swap);
        if (m.precopy == null) {
            held(swap, whole.get());
            return;
        }
        m.byParts = checkpoint;
        m.whole = whole;
        held(swap, null);
    }

    /** The new version's state: the pre-copied parts and what changed since, or the whole state transformed. */
    private Object transfer(final Member m) {
        if (m.hung != null) {
            throw new IllegalStateException(m.hung + ", when the update began");
        }
        final Optional<Object> shadowed = m.swap.shadowState();
        if (shadowed.isPresent()) {
            // The shadow handled every message since its snapshot: its state is the new version's.
            return shadowed.get();
        }
        if (m.precopy != null && m.byParts != null) {
            try {
                return m.precopy.finish(m.byParts);
            } catch (PreCopy.NotByParts e) {
                m.precopy = null;
                m.checkpoint = m.whole.get();
            }
        }
        return StateTransfer.transfer(m.server, m.checkpoint, m.swap.oldVersion().stateType(), m.next.stateType(),
            transformOf(m), runtime.codec().mapper());
    }

    /**
     * Exercises the new version while the old one still serves: makes a server object and
     * transforms the latest checkpoint into the new state class, so that loading the image's
     * classes and the first, slowest run of the transformation are not downtime (they were
     * hundreds of milliseconds of it for tcp). A server checkpointed by parts is pre-copied: its
     * parts are transformed in rounds over its latest checkpoints ({@link PreCopy}), so that the
     * safe point transforms only what changed since. Best effort: a failure here is reported by the
     * real transfer, at the safe point.
     */
    private void prepare(final Member m) {
        try {
            m.next.newServer();
            final ServerSpec<?> running = runtime.spec(m.server);
            m.precopy = PreCopy.of(m.server, running.partCodec(), m.next.partCodec(), transformOf(m),
                new TransformContext(m.server, running.stateType(), m.next.stateType(), runtime.codec().mapper()))
                .orElse(null);
            if (m.precopy != null) {
                // Its rounds come from snapshots the server takes between messages (begin).
                return;
            }
            runtime.encodedCheckpoint(m.server).ifPresent(c -> BoundedTransform.call(m.server, transformBound,
                () -> StateTransfer.transfer(m.server, c, running.stateType(), m.next.stateType(), transformOf(m),
                    runtime.codec().mapper())));
        } catch (RuntimeException e) {
            // The transfer at the safe point will fail the same way and abort the update, naming why;
            // a hung transformer, though, is not waited for twice.
            if (e instanceof StateTransformException && e.getMessage().endsWith("(hung)")) {
                m.hung = e.getMessage();
            }
        }
    }

    private StateTransform transformOf(final Member m) {
        final Optional<StateTransform> given = plan.transformOf(m.server);
        return given.isPresent() ? given.get()
            : ShippedTransform.of(m.server, oldStateType(m), m.next.stateType()).orElse(FieldMapping.automatic());
    }

    /** @return the state class of the version replaced: the one held, else (no swap yet, too) the one running */
    private Class<?> oldStateType(final Member m) {
        final ServerSpec<?> held = m.swap == null ? null : m.swap.oldVersion();
        return (held != null ? held : runtime.spec(m.server)).stateType();
    }

    @Override
    public synchronized void started(final ServerSwap swap) {
        member(swap).started = true;
        if (stage != Stage.TRANSFER || members.values().stream().anyMatch(x -> !x.started)) {
            return;
        }
        for (Member m : members.values()) {
            m.swap.resume();
        }
    }

    @Override
    public synchronized void resumed(final ServerSwap swap) {
        member(swap).resumedAt = runtime.now();
        if (stage != Stage.TRANSFER || members.values().stream().anyMatch(x -> x.resumedAt < 0)) {
            return;
        }
        endPhase(UpdatePhase.TRANSFER);
        stage = Stage.PROBATION;
        if (plan.probationWindow().isZero()) {
            commit();
        } else {
            poll = runtime.schedule(pollInterval(), this::poll);
        }
    }

    private Duration pollInterval() {
        return Duration.ofNanos(Math.max(1, plan.probationWindow().toNanos() / 10));
    }

    private synchronized void poll() {
        if (stage != Stage.PROBATION) {
            return;
        }
        Optional<String> problem;
        try {
            problem = plan.healthCheck().problem(runtime, plan.servers());
        } catch (RuntimeException e) {
            problem = Optional.of("the health check threw " + e);
        }
        if (problem.isPresent()) {
            rollBack("failed on probation: " + problem.get());
        } else if (runtime.now() - phaseStart >= plan.probationWindow().toNanos()) {
            commit();
        } else {
            poll = runtime.schedule(pollInterval(), this::poll);
        }
    }

    private void commit() {
        endPhase(UpdatePhase.PROBATION);
        for (Member m : members.values()) {
            m.swap.commit();
        }
        finish(Result.COMMITTED);
    }

    private synchronized void quiesceDeadlinePassed() {
        if (stage != Stage.QUIESCE) {
            return;
        }
        final List<String> waiting = members.values().stream().filter(m -> m.heldAt < 0).map(m -> m.server).toList();
        endPhase(UpdatePhase.QUIESCE);
        abort("quiesce deadline of " + plan.quiesceDeadline().toNanos() + " ns passed; not at a safe point: "
            + waiting);
    }

    @Override
    public synchronized void failed(final ServerSwap swap, final String failedStage, final String why) {
        final Member m = member(swap);
        if ("quiesce".equals(failedStage)) {
            // The swap is over: no release will call back for it.
            settle(m);
        }
        final String what = switch (failedStage) {
            case "start" -> "new version of '" + m.server + "' failed to start: " + why;
            case "probation" -> "new version of '" + m.server + "' failed on probation: " + why;
            default -> why;
        };
        switch (stage) {
            case QUIESCE -> {
                endPhase(UpdatePhase.QUIESCE);
                abort(what);
            }
            case TRANSFER, PROBATION -> rollBack(what);
            default -> finishIfSettled();
        }
    }

    private void abort(final String why) {
        reason = why;
        stage = Stage.ABORTING;
        if (deadline != null) {
            deadline.cancel();
        }
        if (warmDeadline != null) {
            warmDeadline.cancel();
        }
        for (Member m : members.values()) {
            if (!m.settled) {
                m.swap.release();
            }
        }
        finishIfSettled();
    }

    private void rollBack(final String why) {
        reason = why;
        endPhase(stage == Stage.TRANSFER ? UpdatePhase.TRANSFER : UpdatePhase.PROBATION);
        if (poll != null) {
            poll.cancel();
        }
        stage = Stage.ROLLING_BACK;
        rollbackStart = runtime.now();
        for (Member m : members.values()) {
            m.swap.rollBack();
        }
    }

    @Override
    public synchronized void rolledBack(final ServerSwap swap, final boolean switched, final int replayed,
                                        final String problem) {
        final Member m = member(swap);
        m.replayed = replayed;
        if (!problem.isEmpty()) {
            reason += "; rollback of '" + m.server + "': " + problem;
        }
        settle(m);
        finishIfSettled();
    }

    private void settle(final Member m) {
        m.settled = true;
        m.settledAt = runtime.now();
    }

    private void finishIfSettled() {
        if ((stage != Stage.ABORTING && stage != Stage.ROLLING_BACK)
            || members.values().stream().anyMatch(m -> !m.settled)) {
            return;
        }
        if (stage == Stage.ROLLING_BACK) {
            phaseStart = rollbackStart;
            endPhase(UpdatePhase.ROLLBACK);
            reason += "; old versions restored from the checkpoints taken at the safe point, replaying "
                + members.values().stream().mapToInt(m -> m.replayed).sum() + " messages the new versions handled";
            finish(Result.ROLLED_BACK);
        } else {
            finish(Result.ABORTED);
        }
    }

    private void finish(final Result result) {
        stage = Stage.DONE;
        final long end = runtime.now();
        final long downtime = members.values().stream().mapToLong(m -> downtime(m, end)).max().orElse(0);
        final UpdateOutcome o = new UpdateOutcome(id, plan.servers(), image, requestedAt, result, reason,
            phaseNanos.getOrDefault(UpdatePhase.QUIESCE, 0L), phaseNanos.getOrDefault(UpdatePhase.TRANSFER, 0L),
            downtime, end - requestedAt, wallPhaseNanos.getOrDefault(UpdatePhase.QUIESCE, 0L),
            wallPhaseNanos.getOrDefault(UpdatePhase.TRANSFER, 0L), System.nanoTime() - wallRequestedAt, precopyReports());
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("updateId", id);
        f.put("servers", o.servers());
        f.put("image", image);
        f.put("requestedAt", requestedAt);
        f.put("result", result.label());
        f.put("quiesceNanos", o.quiesceNanos());
        f.put("transferNanos", o.transferNanos());
        f.put("downtimeNanos", downtime);
        f.put("totalNanos", o.totalNanos());
        f.put("reason", reason);
        if (!o.precopy().isEmpty()) {
            f.put("precopy", o.precopy().stream().map(PreCopyReport::toFields).toList());
        }
        if (shadowStart >= 0) {
            f.put("shadow", shadowFields());
        }
        runtime.events().record(new CustomEvent(end, label, EventKinds.UPDATE_FINISHED, f));
        future.complete(o);
    }

    /** @return per server, the messages its shadow handled and whether its state was the new version's */
    private List<Map<String, Object>> shadowFields() {
        return members.values().stream().map(m -> {
            final Map<String, Object> f = new LinkedHashMap<>();
            f.put("server", m.server);
            f.put("messages", m.swap.shadowHandled());
            f.put("warm", m.warm);
            f.put("stateFromShadow", m.swap.shadowState().isPresent());
            return f;
        }).toList();
    }

    /** @return what pre-copy moved, for the servers whose state it transferred */
    private List<PreCopyReport> precopyReports() {
        return members.values().stream().filter(m -> m.precopy != null
                && (m.precopy.atSafePoint() != null || m.swap.shadowState().isPresent()))
            .map(m -> m.precopy.report()).toList();
    }

    /** Held to resumed (serving again), plus the time a rollback took; or held to released when it never resumed. */
    private long downtime(final Member m, final long end) {
        if (m.heldAt < 0) {
            return 0;
        }
        if (m.resumedAt < 0) {
            return (m.settledAt >= 0 ? m.settledAt : end) - m.heldAt;
        }
        final long rollback = rollbackStart >= 0 && m.settledAt >= 0 ? m.settledAt - rollbackStart : 0;
        return m.resumedAt - m.heldAt + rollback;
    }

    /** Records the phase that began at {@code phaseStart} and ends now; the next one begins now. */
    private void endPhase(final String phase) {
        final long now = runtime.now();
        phaseNanos.put(phase, now - phaseStart);
        final long wallNow = System.nanoTime();
        wallPhaseNanos.put(phase, wallNow - wallPhaseStart);
        wallPhaseStart = wallNow;
        runtime.events().record(new CustomEvent(now, label, EventKinds.UPDATE_PHASE,
            new UpdatePhase(id, phase, phaseStart, now).toFields()));
        phaseStart = now;
    }

    private Member member(final ServerSwap swap) {
        return members.get(swap.server());
    }
}
