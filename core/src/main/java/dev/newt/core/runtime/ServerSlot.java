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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * A server's place in the runtime, which outlives its incarnations as a MINIX endpoint does: the
 * mailbox, the pending requests, the replay log and the latest incarnation. Messages wait in the
 * mailbox while the server is down, so none is lost to a restart.
 *
 * <p>Threading: everything but {@link #offer}, {@link #offerReply}, {@link #hasWork} and the
 * supervisor's {@link #revokeIfBusySince} runs on the slot's worker. When a hang is revoked the
 * stuck worker gets a successor; the {@code busySince} word guarantees the two never consume
 * together: the supervisor revokes only by swapping the exact start time of the running handler
 * for {@code REVOKED}, and a worker that finds {@code REVOKED} on leaving the handler retires.
 */
final class ServerSlot<S> implements Agent, Endpoint {
    private static final long IDLE = -1;
    private static final long REVOKED = -2;

    final NewtRuntime runtime;
    final ServerSpec<S> spec;
    private final Mailbox mailbox;
    /** Replies, timers and notices: unbounded, since the receiver itself bounded what it asked for. */
    private final MpscUnboundedXaddArrayQueue<Envelope> control = new MpscUnboundedXaddArrayQueue<>(64);
    private final PendingTable pending = new PendingTable();
    private final ArrayDeque<Logged> replayLog = new ArrayDeque<>();
    private final AtomicReference<RestartOrder> restartOrder = new AtomicReference<>();
    private final AtomicLong busySince = new AtomicLong(IDLE);
    private final boolean watchHangs;
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
    long rejectedSends;

    /** A message handled since the last checkpoint, with what a replay needs to see it again. */
    private record Logged(Envelope envelope, long index, long correlationBase, long clock) {
    }

    /** An order to start a new incarnation, carried out on the slot's worker. */
    record RestartOrder(RecoveryPolicy policy, StartReason reason) {
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

    @Override
    public boolean hasWork() {
        return restartOrder.get() != null
            || (state == ServerState.RUNNING && (!control.isEmpty() || !mailbox.isEmpty()));
    }

    // ---- the duty cycle (worker) ----

    @Override
    public int doWork(final int limit) {
        // A plain read first: a locked getAndSet on every idle spin costs the spinning worker.
        final RestartOrder order = restartOrder.get() == null ? null : restartOrder.getAndSet(null);
        if (order != null) {
            start(order);
            return 1;
        }
        final Incarnation<S> inc = current;
        if (state != ServerState.RUNNING || inc == null) {
            return 0;
        }
        int done = 0;
        while (done < limit && state == ServerState.RUNNING) {
            Envelope e = control.poll();
            if (e == null) {
                e = mailbox.poll();
                if (e == null) {
                    break;
                }
            }
            done++;
            if (!deliver(inc, e)) {
                return -1;
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
                if (pending.complete(e.correlationId()) == null) {
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
        // The clock is read only for what needs it: the replay log and the hang watch.
        final long clock = replayable || watchHangs ? runtime.now() : 0;
        final long index = ++messageIndex;
        inc.ctx.currentKey = index;
        if (replayable) {
            replayLog.add(new Logged(e, index, correlationIds, clock));
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
            markDown();
            state = ServerState.FAILED;
            failing = null;
            runtime.record(new CorruptionDetected(runtime.now(), name(), inc.epoch, violation.get()));
            runtime.supervisor().failed(this, inc.epoch, "corruption: " + violation.get());
            return false;
        }
        return true;
    }

    private void checkpoint(final Incarnation<S> inc) {
        if (!audit(inc)) {
            return;
        }
        try {
            final byte[] json = runtime.codec().encode(name(), inc.state);
            runtime.store().put(new Checkpoint(name(), inc.epoch, runtime.now(), handled, json));
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
        markDown();
        state = ServerState.FAILED;
        failing = e;
        runtime.record(new ServerCrashed(runtime.now(), name(), inc.epoch, t.getClass().getName(),
            String.valueOf(t.getMessage()), during));
        runtime.supervisor().failed(this, inc.epoch, t.getClass().getSimpleName() + ": " + t.getMessage());
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
        int replayed = 0;
        int skipped = 0;
        final Incarnation<S> inc;
        try {
            S s;
            final Optional<Checkpoint> cp = runtime.store().latest(name());
            if (reason == StartReason.FIRST_START || policy == RecoveryPolicy.FRESH || cp.isEmpty()) {
                s = spec.initialState();
                if (reason != StartReason.FIRST_START) {
                    reason = StartReason.RESTART_FRESH;
                }
            } else {
                s = runtime.codec().decode(name(), cp.get().json(), spec.stateType());
            }
            inc = new Incarnation<>(epoch, spec.newServer(), this);
            CurrentContext.set(inc.ctx);
            try {
                s = inc.server.onStart(inc.ctx, s, reason);
                if (reason == StartReason.RESTART_REPLAY) {
                    inc.ctx.replaying = true;
                    final long ids = correlationIds;
                    for (Logged l : replayLog) {
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
                }
            } finally {
                CurrentContext.set(null);
            }
            inc.state = s;
        } catch (Throwable t) {
            markDown();
            state = ServerState.FAILED;
            runtime.record(new RestartFailed(runtime.now(), name(), epoch, policy.label(),
                t.getClass().getSimpleName() + ": " + t.getMessage()));
            runtime.supervisor().failed(this, epoch, "restart failed: " + t.getMessage());
            return;
        }
        current = inc;
        failing = null;
        final long wasDownSince = downSince;
        downSince = -1;
        replayLog.clear();
        sinceCheckpoint = 0;
        sinceAudit = 0;
        busySince.set(IDLE);
        state = ServerState.RUNNING;
        if (order.reason() == StartReason.FIRST_START) {
            runtime.record(new ServerStarted(runtime.now(), name(), epoch, reason.name()));
        } else {
            restarts++;
            runtime.record(new ServerRestarted(runtime.now(), name(), old == null ? 0 : old.epoch, epoch,
                policy.label(), runtime.now() - wasDownSince, replayed, skipped));
        }
        checkpoint(inc);
        if (order.reason() != StartReason.FIRST_START) {
            runtime.notifyRequestersOf(this, epoch);
        }
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

    /** @return the state of the running incarnation as JSON, for tests and tools; worker-unsafe */
    byte[] snapshotState() {
        final Incarnation<S> inc = current;
        return inc == null ? null : runtime.codec().encode(name(), inc.state);
    }
}
