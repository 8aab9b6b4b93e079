package dev.newt.core.runtime;

import dev.newt.core.event.CheckpointFailed;
import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.event.RestartFailed;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.event.ServerStarted;
import dev.newt.core.event.ServerStopped;
import dev.newt.core.event.StaleRequestDropped;
import dev.newt.core.exec.Agent;
import dev.newt.core.mailbox.Mailbox;
import dev.newt.core.mailbox.MpscMailbox;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.CurrentContext;
import dev.newt.core.server.Hang;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.StateCodecException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * A server's place in the runtime, which outlives its incarnations as a MINIX endpoint does: the
 * mailbox, the pending requests, the replay log and the latest incarnation. Messages wait in the
 * mailbox while the server is down, so none is lost to a restart.
 *
 * <p>Threading: everything but {@link #offer}, {@link #offerReply}, {@link #hasWork}, {@link #command}
 * and the supervisor's {@link #revokeIfBusySince} runs on the slot's worker, live updates included
 * (see {@link ServerSwap}): their commands are queued and carried out between messages. When a hang is revoked the
 * stuck worker gets a successor; the {@code busySince} word guarantees the two never consume
 * together: the supervisor revokes only by swapping the exact start time of the running handler
 * for {@code REVOKED}, and a worker that finds {@code REVOKED} on leaving the handler retires.
 */
final class ServerSlot<S> implements Agent, Endpoint {
    private static final long IDLE = -1;
    private static final long REVOKED = -2;

    final NewtRuntime runtime;
    /** Changed only by a live update, on the worker; read by the supervisor. */
    volatile ServerSpec<S> spec;
    private final Mailbox mailbox;
    /** Replies, timers and notices: unbounded, since the receiver itself bounded what it asked for. */
    private final MpscUnboundedXaddArrayQueue<Envelope> control = new MpscUnboundedXaddArrayQueue<>(64);
    private final PendingTable pending = new PendingTable();
    private final ArrayDeque<Logged> replayLog = new ArrayDeque<>();
    private final AtomicReference<RestartOrder> restartOrder = new AtomicReference<>();
    private final AtomicLong busySince = new AtomicLong(IDLE);
    private boolean watchHangs;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /** The live update in progress, or null; set and cleared on the worker. */
    private volatile ServerSwap swap;
    /** Stopped at a safe point for a live update: serves nothing until resumed, released or rolled back. */
    private volatile boolean held;
    /** What a new version on probation handled, replayed into the old one if the update rolls back. */
    private List<Logged> probationLog;
    /** The message a new version failed on, served first by the old version restored in its place. */
    private volatile Envelope redeliver;
    private volatile Waker waker = Waker.NONE;
    private volatile Incarnation<S> current;
    private volatile ServerState state = ServerState.STARTING;
    private volatile long latestEpoch;
    private volatile long handled;
    private volatile long restarts;
    private volatile long downSince = -1;
    private long correlationIds;
    private long messageIndex;
    private int sinceCheckpoint;
    private int sinceAudit;
    private Envelope failing;
    /**
     * The reply being handled when the server last failed, delivered once more after its restart:
     * unlike a request (whose sender resubmits it) or a plain message, no one would send it again,
     * and the request it answers would wait forever. Dropped if it fails a second time.
     */
    private Envelope retriedReply;
    long rejectedSends;

    /** A message handled since the last checkpoint, with what a replay needs to see it again. */
    private record Logged(Envelope envelope, long index, long correlationBase, long clock) {
    }

    /** An order to start a new incarnation, carried out on the slot's worker. */
    record RestartOrder(RecoveryPolicy policy, StartReason reason) {
    }

    /** A started incarnation, with the logged messages it replayed and skipped. */
    private record Launched<S>(Incarnation<S> inc, int replayed, int skipped) {
    }

    ServerSlot(final NewtRuntime runtime, final ServerSpec<S> spec) {
        this.runtime = runtime;
        this.spec = spec;
        this.mailbox = new MpscMailbox(spec.mailboxCapacity());
        this.watchHangs = spec.hangDeadline().isPresent();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String roleName() {
        return spec.name();
    }

    @Override
    public long epoch() {
        return latestEpoch;
    }

    @Override
    public PendingTable pending() {
        return pending;
    }

    long nextCorrelationId() {
        return ++correlationIds;
    }

    @Override
    public void attach(final Waker w) {
        this.waker = w;
    }

    // ---- producers (any thread) ----

    @Override
    public boolean offer(final Envelope envelope) {
        if (!mailbox.offer(envelope)) {
            return false;
        }
        waker.wake();
        return true;
    }

    @Override
    public void offerReply(final Envelope reply) {
        control.add(reply);
        waker.wake();
    }

    @Override
    public void notifyPeerRestarted(final PeerRestarted notice) {
        control.add(new Envelope(Kind.NOTICE, notice.peer(), notice.peerEpoch(), name(), 0, notice, runtime.now()));
        waker.wake();
    }

    /**
     * Queues a timer of incarnation {@code epoch}. Compared with {@code latestEpoch}, not with
     * {@code current}: a timer set in {@code onStart} may fire (on the real-time executors' timer
     * thread) before {@code current} is published at the end of the start, and must not be lost.
     * Until the start completes the worker delivers nothing, and {@code deliver} drops timers of
     * an older epoch, so a timer of a start that failed never reaches its successor.
     */
    void timerFired(final long epoch, final Object payload) {
        final Incarnation<S> inc = current;
        final boolean revoked = inc != null && inc.epoch == epoch && inc.revoked;
        if (epoch == latestEpoch && !revoked) {
            control.add(new Envelope(Kind.TIMER, name(), epoch, name(), 0, payload, runtime.now()));
            waker.wake();
        }
    }

    void order(final RestartOrder order) {
        restartOrder.set(order);
        waker.wake();
    }

    /** Queues a live-update command, carried out on the worker before the next message. */
    void command(final Runnable c) {
        commands.add(c);
        waker.wake();
    }

    @Override
    public boolean hasWork() {
        return restartOrder.get() != null || !commands.isEmpty()
            || (serving() && (redeliver != null || !control.isEmpty() || !mailbox.isEmpty()));
    }

    private boolean serving() {
        return state == ServerState.RUNNING && !held;
    }

    // ---- the duty cycle (worker) ----

    @Override
    public int doWork(final int limit) {
        int done = 0;
        // Each update command is a unit of work: in the simulation, a step of virtual time.
        Runnable c;
        while (done < limit && !commands.isEmpty() && (c = commands.poll()) != null) {
            c.run();
            done++;
        }
        if (done == limit) {
            return done;
        }
        // A plain read first: a locked getAndSet on every idle spin costs the spinning worker.
        final RestartOrder order = restartOrder.get() == null ? null : restartOrder.getAndSet(null);
        if (order != null) {
            start(order);
            holdIfQuiescent();
            return done + 1;
        }
        final Incarnation<S> inc = current;
        if (inc == null) {
            return done;
        }
        if (swap != null) {
            holdIfQuiescent();
        }
        while (done < limit && serving()) {
            Envelope e = redeliver;
            if (e != null) {
                redeliver = null;
            } else if ((e = control.poll()) == null && (e = mailbox.poll()) == null) {
                break;
            }
            done++;
            if (!deliver(inc, e)) {
                return -1;
            }
            if (swap != null) {
                holdIfQuiescent();
            }
        }
        return done;
    }

    /** @return false when this worker must retire: its incarnation was revoked under it */
    private boolean deliver(final Incarnation<S> inc, final Envelope e) {
        switch (e.kind()) {
            case TIMER -> {
                if (e.fromEpoch() != inc.epoch) {
                    return true;
                }
            }
            case REPLY -> {
                // A retried reply completed its request on its first delivery.
                if (e != retriedReply && pending.complete(e.correlationId()) == null) {
                    runtime.record(new ReplyOrphaned(runtime.now(), name(), inc.epoch, e.from(), e.correlationId()));
                    return true;
                }
            }
            case REQUEST -> {
                // A request its sender no longer waits for was answered already, typically by a
                // restored incarnation that held it in its checkpoint before the resubmitted copy
                // arrived: serving the copy would do the work twice.
                if (!runtime.endpoint(e.from()).pending().markTaken(e.correlationId(), inc.epoch)) {
                    runtime.record(new StaleRequestDropped(runtime.now(), name(), inc.epoch, e.from(),
                        e.correlationId()));
                    return true;
                }
            }
            default -> { }
        }
        final boolean replayable = spec.recovery() == RecoveryPolicy.CHECKPOINT_REPLAY;
        final List<Logged> probation = probationLog;
        // The clock is read only for what needs it: the replay logs and the hang watch.
        final long clock = replayable || probation != null || watchHangs ? runtime.now() : 0;
        final long index = ++messageIndex;
        inc.ctx.currentKey = index;
        if (replayable || probation != null) {
            final Logged logged = new Logged(e, index, correlationIds, clock);
            if (replayable) {
                replayLog.add(logged);
            }
            if (probation != null) {
                probation.add(logged);
            }
        }
        if (watchHangs) {
            busySince.set(clock);
        }
        CurrentContext.set(inc.ctx);
        try {
            inc.state = dispatch(inc, inc.state, e);
        } catch (Hang.SimulatedHang h) {
            state = ServerState.HUNG;
            failing = e;
            runtime.supervisor().watchSimulatedHang(this, watchHangs ? clock : runtime.now());
            return true;
        } catch (Throwable t) {
            if (watchHangs && busySince.getAndSet(IDLE) == REVOKED) {
                return false;
            }
            fail(inc, e, t, e.payload().getClass().getSimpleName());
            return true;
        } finally {
            CurrentContext.set(null);
        }
        if (watchHangs && busySince.getAndSet(IDLE) == REVOKED) {
            return false;
        }
        handled++;
        afterMessage(inc);
        return true;
    }

    private S dispatch(final Incarnation<S> inc, final S s, final Envelope e) throws Exception {
        if (e.kind() == Kind.NOTICE) {
            final PeerRestarted notice = (PeerRestarted) e.payload();
            return inc.server.onPeerRestarted(inc.ctx, s, notice);
        }
        return inc.server.handle(inc.ctx, s, e);
    }

    private void afterMessage(final Incarnation<S> inc) {
        final int auditEvery = spec.auditEveryMessages();
        if (auditEvery > 0 && ++sinceAudit >= auditEvery) {
            sinceAudit = 0;
            if (!audit(inc)) {
                return;
            }
        }
        final int every = spec.checkpoints().everyMessages();
        sinceCheckpoint++;
        if (inc.ctx.checkpointRequested || (every > 0 && sinceCheckpoint >= every)) {
            inc.ctx.checkpointRequested = false;
            checkpoint(inc);
        }
    }

    /** @return whether the state passed its audit; if not, the incarnation is dead */
    private boolean audit(final Incarnation<S> inc) {
        final Optional<String> violation;
        try {
            violation = inc.server.audit(inc.state);
        } catch (RuntimeException e) {
            fail(inc, null, e, "audit");
            return false;
        }
        if (violation.isPresent()) {
            runtime.record(new CorruptionDetected(runtime.now(), name(), inc.epoch, violation.get()));
            died(inc, null, "corruption: " + violation.get());
            return false;
        }
        return true;
    }

    private void checkpoint(final Incarnation<S> inc) {
        if (!audit(inc)) {
            return;
        }
        try {
            final byte[] encoded = runtime.codec().encode(name(), inc.state);
            runtime.store().put(new Checkpoint(name(), inc.epoch, runtime.now(), handled, encoded));
            replayLog.clear();
            sinceCheckpoint = 0;
        } catch (StateCodecException e) {
            runtime.record(new CheckpointFailed(runtime.now(), name(), inc.epoch, e.getMessage()));
        }
    }

    /** Marks the start of an outage, unless one is already under way (a failed restart). */
    private void markDown() {
        if (downSince < 0) {
            downSince = runtime.now();
        }
    }

    private void fail(final Incarnation<S> inc, final Envelope e, final Throwable t, final String during) {
        runtime.record(new ServerCrashed(runtime.now(), name(), inc.epoch, t.getClass().getName(),
            String.valueOf(t.getMessage()), during));
        died(inc, e, t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    /**
     * Marks the incarnation dead and reports it: to the update whose new version it is while on
     * probation (which rolls it back), else to the supervisor. The update hears first, before the
     * state says FAILED, so that its health check never sees the failure before its cause.
     */
    private void died(final Incarnation<S> inc, final Envelope e, final String reason) {
        final ServerSwap probation = swapOnProbation();
        if (probation != null) {
            probation.listener.failed(probation, "probation", reason);
        }
        markDown();
        state = ServerState.FAILED;
        failing = e;
        if (probation == null) {
            runtime.supervisor().failed(this, inc.epoch, reason);
        }
    }

    // ---- supervision ----

    /**
     * Revokes the running incarnation if the handler that started at {@code start} is still
     * running; called by the supervisor.
     *
     * @return whether it was revoked
     */
    boolean revokeIfBusySince(final long start) {
        if (!busySince.compareAndSet(start, REVOKED)) {
            return false;
        }
        final Incarnation<S> inc = current;
        if (inc != null) {
            inc.revoked = true;
        }
        markDown();
        state = ServerState.FAILED;
        return true;
    }

    /** @return start time of the running handler, or negative when none runs */
    long busySince() {
        return busySince.get();
    }

    private void start(final RestartOrder order) {
        final Incarnation<S> old = current;
        final long epoch = latestEpoch + 1;
        latestEpoch = epoch;
        final RecoveryPolicy policy = order.policy();
        StartReason reason = order.reason();
        final Launched<S> launched;
        try {
            final S s;
            final Optional<Checkpoint> cp = runtime.store().latest(name());
            if (reason == StartReason.FIRST_START || policy == RecoveryPolicy.FRESH || cp.isEmpty()) {
                s = spec.initialState();
                if (reason != StartReason.FIRST_START) {
                    reason = StartReason.RESTART_FRESH;
                }
            } else {
                s = runtime.codec().decode(name(), cp.get().state(), spec.stateType());
            }
            launched = launch(epoch, spec, s, reason, reason == StartReason.RESTART_REPLAY ? replayLog : List.of());
        } catch (Throwable t) {
            markDown();
            state = ServerState.FAILED;
            runtime.record(new RestartFailed(runtime.now(), name(), epoch, policy.label(),
                t.getClass().getSimpleName() + ": " + t.getMessage()));
            runtime.supervisor().failed(this, epoch, "restart failed: " + t.getMessage());
            return;
        }
        final Incarnation<S> inc = launched.inc();
        final long wasDownSince = downSince;
        final Envelope failed = failing;
        becomeCurrent(inc);
        if (failed != null && failed.kind() == Kind.REPLY && failed != retriedReply
            && reason != StartReason.RESTART_FRESH) {
            retriedReply = failed;
            redeliver = failed;
        }
        if (order.reason() == StartReason.FIRST_START) {
            runtime.record(new ServerStarted(runtime.now(), name(), epoch, reason.name()));
        } else {
            restarts++;
            runtime.record(new ServerRestarted(runtime.now(), name(), old == null ? 0 : old.epoch, epoch,
                policy.label(), runtime.now() - wasDownSince, launched.replayed(), launched.skipped()));
        }
        checkpoint(inc);
        if (order.reason() != StartReason.FIRST_START) {
            runtime.notifyRequestersOf(this, epoch);
        }
    }

    /**
     * Makes a new incarnation, replays {@code replay} into it with its sends suppressed (skipping
     * the message that failed), then runs its {@code onStart} on the replayed state. The replay
     * comes first because it must repeat what the dead incarnation did, which handled those
     * messages on the checkpoint's state as it was, not as a new {@code onStart} leaves it (tcp's
     * {@code onStart} re-arms timers and notes the calls to expect again); and {@code onStart}
     * must see the final state, so that it re-arms the timers the replay set and suppressed.
     */
    private Launched<S> launch(final long epoch, final ServerSpec<S> version, final S initial,
                               final StartReason reason, final Iterable<Logged> replay) throws Exception {
        final Incarnation<S> inc = new Incarnation<>(epoch, version.newServer(), this);
        int replayed = 0;
        int skipped = 0;
        S s = initial;
        CurrentContext.set(inc.ctx);
        try {
            inc.ctx.replaying = true;
            final long ids = correlationIds;
            for (Logged l : replay) {
                if (l.envelope() == failing) {
                    skipped++;
                    continue;
                }
                correlationIds = l.correlationBase();
                inc.ctx.replayClock = l.clock();
                inc.ctx.currentKey = l.index();
                s = dispatch(inc, s, l.envelope());
                replayed++;
            }
            correlationIds = Math.max(ids, correlationIds);
            inc.ctx.replaying = false;
            s = inc.server.onStart(inc.ctx, s, reason);
        } finally {
            CurrentContext.set(null);
        }
        inc.state = s;
        return new Launched<>(inc, replayed, skipped);
    }

    /** Publishes a started incarnation: it serves from now on, with fresh counters. */
    private void becomeCurrent(final Incarnation<S> inc) {
        current = inc;
        failing = null;
        downSince = -1;
        replayLog.clear();
        sinceCheckpoint = 0;
        sinceAudit = 0;
        busySince.set(IDLE);
        state = ServerState.RUNNING;
    }

    // ---- live update (worker), driven by a ServerSwap ----

    void hold(final ServerSwap sw) {
        final String problem = swap != null ? "it is being updated already"
            : state == ServerState.GIVEN_UP || state == ServerState.STOPPED
                ? "it is " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ') : null;
        if (problem != null) {
            sw.phase = ServerSwap.Phase.DONE;
            sw.listener.failed(sw, "quiesce", "server '" + name() + "' cannot be held: " + problem);
            return;
        }
        swap = sw;
        sw.phase = ServerSwap.Phase.HOLDING;
        holdIfQuiescent();
    }

    /**
     * Holds the server if an update waits for it and it is at a safe point: between messages (as
     * this runs) and its own predicate holds. A server that is down is held once restarted.
     */
    private void holdIfQuiescent() {
        final ServerSwap sw = swap;
        final Incarnation<S> inc = current;
        if (sw == null || sw.phase != ServerSwap.Phase.HOLDING || state != ServerState.RUNNING || inc == null) {
            return;
        }
        final byte[] encoded;
        try {
            if (!inc.server.quiescent(inc.state)) {
                return;
            }
            encoded = runtime.codec().encode(name(), inc.state);
        } catch (RuntimeException e) {
            endSwap(sw);
            sw.listener.failed(sw, "quiesce", "server '" + name() + "': " + e);
            return;
        }
        held = true;
        sw.oldSpec = spec;
        sw.checkpoint = encoded;
        sw.phase = ServerSwap.Phase.HELD;
        sw.listener.held(sw, encoded);
    }

    void release(final ServerSwap sw) {
        if (swap == sw) {
            rollBack(sw);
        }
    }

    @SuppressWarnings("unchecked")
    void startNewVersion(final ServerSwap sw, final ServerSpec<?> next, final Object state) {
        if (swap != sw || sw.phase != ServerSwap.Phase.HELD) {
            return;
        }
        final ServerSpec<S> version = (ServerSpec<S>) next;
        // The epoch first: a timer the new version sets in onStart must find it current.
        final long epoch = latestEpoch + 1;
        latestEpoch = epoch;
        final Launched<S> launched;
        try {
            launched = launch(epoch, version, version.stateType().cast(state), StartReason.UPDATE, List.of());
        } catch (Throwable t) {
            sw.phase = ServerSwap.Phase.START_FAILED;
            sw.listener.failed(sw, "start", t.getClass().getSimpleName() + ": " + t.getMessage());
            return;
        }
        spec = version;
        watchHangs = version.hangDeadline().isPresent();
        becomeCurrent(launched.inc());
        sw.phase = ServerSwap.Phase.STARTED;
        sw.listener.started(sw);
    }

    void resume(final ServerSwap sw) {
        if (swap != sw || sw.phase != ServerSwap.Phase.STARTED) {
            return;
        }
        sw.phase = ServerSwap.Phase.PROBATION;
        probationLog = new ArrayList<>();
        held = false;
        sw.listener.resumed(sw);
        // After the phase changed: an audit that fails here is a failure on probation.
        checkpoint(current);
    }

    void commit(final ServerSwap sw) {
        if (swap == sw && sw.phase == ServerSwap.Phase.PROBATION) {
            endSwap(sw);
        }
    }

    void rollBack(final ServerSwap sw) {
        if (swap != sw) {
            return;
        }
        switch (sw.phase) {
            case HOLDING, HELD -> {
                endSwap(sw);
                sw.listener.rolledBack(sw, false, 0, "");
            }
            case STARTED, START_FAILED, PROBATION -> restoreOldVersion(sw);
            default -> { }
        }
    }

    /** @return the update whose new version is on probation here, or null */
    ServerSwap swapOnProbation() {
        final ServerSwap sw = swap;
        return sw != null && sw.onProbation() ? sw : null;
    }

    private void endSwap(final ServerSwap sw) {
        sw.phase = ServerSwap.Phase.DONE;
        swap = null;
        held = false;
        probationLog = null;
    }

    /**
     * Restarts the old version from the checkpoint taken at the safe point and replays what the new
     * version handled, as a {@code checkpoint+replay} restart does after a crash; the message the
     * new version failed on is then served by the old one.
     */
    @SuppressWarnings("unchecked")
    private void restoreOldVersion(final ServerSwap sw) {
        final List<Logged> log = probationLog == null ? List.of() : probationLog;
        final Envelope failed = failing;
        final ServerSpec<S> old = (ServerSpec<S>) sw.oldSpec;
        spec = old;
        watchHangs = old.hangDeadline().isPresent();
        endSwap(sw);
        final long epoch = latestEpoch + 1;
        latestEpoch = epoch;
        // Stored first: should the restore fail, the supervisor restarts the old version from it.
        runtime.store().put(new Checkpoint(name(), epoch, runtime.now(), handled, sw.checkpoint));
        replayLog.clear();
        final Launched<S> launched;
        try {
            final S s = runtime.codec().decode(name(), sw.checkpoint, old.stateType());
            launched = launch(epoch, old, s, StartReason.RESTART_REPLAY, log);
        } catch (Throwable t) {
            markDown();
            state = ServerState.FAILED;
            failing = null;
            final String why = t.getClass().getSimpleName() + ": " + t.getMessage();
            runtime.record(new RestartFailed(runtime.now(), name(), epoch, "rollback", why));
            runtime.supervisor().failed(this, epoch, "rollback failed: " + why);
            sw.listener.rolledBack(sw, true, 0, "the old version could not replay what the new one handled ("
                + why + "); the supervisor restarts it from the checkpoint taken at the safe point, without the "
                + log.size() + " messages the new version handled");
            return;
        }
        becomeCurrent(launched.inc());
        redeliver = failed;
        checkpoint(launched.inc());
        runtime.notifyRequestersOf(this, epoch);
        sw.listener.rolledBack(sw, true, launched.replayed(), "");
    }

    void giveUp() {
        state = ServerState.GIVEN_UP;
    }

    @Override
    public void onClose() {
        final Incarnation<S> inc = current;
        if (inc != null && state == ServerState.RUNNING) {
            CurrentContext.set(inc.ctx);
            try {
                inc.server.onStop(inc.ctx, inc.state);
            } catch (RuntimeException e) {
                // Closing anyway: a failing stop hook must not keep the runtime from closing.
            } finally {
                CurrentContext.set(null);
            }
            runtime.record(new ServerStopped(runtime.now(), name(), inc.epoch));
        }
        state = ServerState.STOPPED;
    }

    ServerStatus status() {
        return new ServerStatus(name(), latestEpoch, state, handled, mailbox.size(), rejectedSends, restarts);
    }

    ServerState state() {
        return state;
    }

    /** @return the state of the running incarnation, encoded as a checkpoint (CBOR), for tests and tools; worker-unsafe */
    byte[] snapshotState() {
        final Incarnation<S> inc = current;
        return inc == null ? null : runtime.codec().encode(name(), inc.state);
    }
}
