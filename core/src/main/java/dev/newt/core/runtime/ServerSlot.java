package dev.newt.core.runtime;

import dev.newt.core.event.ReplyOrphaned;
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
import dev.newt.core.server.RequestTimedOut;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.store.Checkpoint;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * A server's place in the runtime, which outlives its incarnations as a MINIX endpoint does: the
 * mailbox, the pending requests, the replay log and the latest incarnation, and the duty cycle that
 * delivers messages to it. Messages wait in the mailbox while the server is down, so none is lost
 * to a restart. Its helpers: {@link Lifecycle} holds the current incarnation, the slot's state and
 * where a failure goes; on its worker, {@link Reincarnation} starts incarnations,
 * {@link Checkpointing} audits and checkpoints, and a live update's {@link SwapProtocol} drives the
 * slot through three primitives: {@link #suspendIfQuiescent}, {@link #replace} and {@link #resume}.
 *
 * <p>Threading: everything but {@link #offer}, {@link #offerReply}, {@link #hasWork}, {@link #command}
 * and the supervisor's {@link #revokeIfBusySince} runs on the slot's worker, live updates included
 * (see {@link ServerSwap}): their commands are queued and carried out between messages. When a hang
 * is revoked the stuck worker gets a successor; the {@link HangWatch} guarantees the two never
 * consume together.
 */
final class ServerSlot<S> implements Agent, Endpoint {
    final NewtRuntime runtime;
    /** Changed only by a live update, on the worker; read by the supervisor. */
    volatile ServerSpec<S> spec;
    private final Mailbox mailbox;
    /** Replies, timers and notices: unbounded, since the receiver itself bounded what it asked for. */
    private final MpscUnboundedXaddArrayQueue<Envelope> control = new MpscUnboundedXaddArrayQueue<>(64);
    private final PendingTable pending = new PendingTable();
    /** What was handled since the last checkpoint, for a {@code checkpoint+replay} restart. */
    final ReplayLog replayLog = new ReplayLog();
    final Checkpointing<S> checkpoints = new Checkpointing<>(this);
    private final Reincarnation<S> reincarnation = new Reincarnation<>(this);
    private final AtomicReference<RestartOrder> restartOrder = new AtomicReference<>();
    final HangWatch hangs = new HangWatch();
    private boolean watchHangs;
    /** The message whose handler the hang watch times, written before it is entered (worker). */
    private Envelope handling;
    /** A worker whose update step was revoked under it as hung: it retires when that step returns. */
    private volatile Thread retiring;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /** The live update in progress, or null; set and cleared on the worker. */
    private volatile SwapProtocol update;
    /** Suspended at a safe point for a live update: serves nothing until resumed or replaced. */
    private volatile boolean suspended;
    /** Served before anything else: a reply retried after a restart, or the message a new version failed on. */
    private volatile Envelope redeliver;
    private volatile Waker waker = Waker.NONE;
    /** The current incarnation, the slot's state, its epochs and failures. */
    final Lifecycle<S> lifecycle = new Lifecycle<>(this);
    /** What the worker writes on every message, away from what senders read. */
    final WorkerCounters counters = new WorkerCounters();
    /** The deadlines of this server's requests to other servers. */
    final RequestDeadlineWatch deadlines = new RequestDeadlineWatch(this);

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
    public String placement() {
        return spec.placement().orElse(null);
    }

    @Override
    public String roleName() {
        return spec.name();
    }

    @Override
    public long epoch() {
        return lifecycle.epoch();
    }

    @Override
    public PendingTable pending() {
        return pending;
    }

    long nextCorrelationId() {
        return ++counters.correlationIds;
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
        final Incarnation<S> inc = lifecycle.current;
        final boolean revoked = inc != null && inc.epoch == epoch && inc.revoked;
        if (epoch == lifecycle.epoch() && !revoked) {
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
        return lifecycle.state() == ServerState.RUNNING && !suspended;
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
            if (retiring == Thread.currentThread()) {
                // The step hung and was revoked (the new version's start, its shadow): a successor serves.
                return -1;
            }
        }
        if (done == limit) {
            return done;
        }
        // A plain read first: a locked getAndSet on every idle spin costs the spinning worker.
        final RestartOrder order = restartOrder.get() == null ? null : restartOrder.getAndSet(null);
        if (order != null) {
            reincarnation.carryOut(order);
            atSafePoint();
            return done + 1;
        }
        final Incarnation<S> inc = lifecycle.current;
        if (inc == null) {
            return done;
        }
        atSafePoint();
        // One clock reading serves the whole batch (see deliver); read when first needed.
        counters.batchClock = NO_CLOCK;
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
            atSafePoint();
        }
        return done;
    }

    private static final long NO_CLOCK = Long.MIN_VALUE;

    /** @return the clock as the current batch began: read at the first call in a batch */
    private long batchClock() {
        long c = counters.batchClock;
        if (c == NO_CLOCK) {
            c = runtime.now();
            counters.batchClock = c;
        }
        return c;
    }

    /** @return the live update in progress, or null */
    SwapProtocol update() {
        return update;
    }

    /** Between messages: an update waiting for a safe point may hold the server now. */
    private void atSafePoint() {
        final SwapProtocol u = update;
        if (u != null) {
            u.atSafePoint();
        }
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
                // A timeout reply's request left the pending table when its deadline passed.
                if (!(e.payload() instanceof RequestTimedOut) && !reincarnation.retried(e)
                    && pending.complete(e.correlationId()) == null) {
                    runtime.record(new ReplyOrphaned(runtime.now(), name(), inc.epoch, e.from(), e.correlationId()));
                    return true;
                }
            }
            case REQUEST -> {
                // A request its sender no longer waits for was answered already, typically by a
                // restored incarnation that held it in its checkpoint before the resubmitted copy
                // arrived: serving the copy would do the work twice.
                // The ticket the request carries spares a lookup in the requester's table, whose
                // lines the requester's core has just written; a stale copy's ticket is not live.
                final Object ticket = e.ticket();
                final boolean pendingStill = PendingTable.live(ticket)
                    ? PendingTable.take((PendingTable.Ticket) ticket, inc.epoch)
                    : runtime.endpoint(e.from()).pending().markTaken(e.correlationId(), inc.epoch);
                if (!pendingStill) {
                    runtime.record(new StaleRequestDropped(runtime.now(), name(), inc.epoch, e.from(),
                        e.correlationId()));
                    return true;
                }
            }
            default -> { }
        }
        final boolean replayable = spec.recovery() == RecoveryPolicy.CHECKPOINT_REPLAY;
        final SwapProtocol u = update;
        final ReplayLog probation = u == null ? null : u.probationLog();
        final SwapShadow shadow = u == null ? null : u.shadow();
        // The clock is read only for what needs it: the replay logs, once per batch (a replay
        // shows a handler the clock as its batch began; the handler itself read the live clock),
        // and the hang watch, per message, since a deadline bounds one handler, not a batch. The
        // simulated executor's batches are single messages, so its readings do not change.
        final long clock = watchHangs ? runtime.now()
            : replayable || probation != null || shadow != null ? batchClock() : 0;
        final long corrBase = counters.correlationIds;
        final long index = ++counters.messageIndex;
        inc.ctx.currentKey = index;
        if (replayable || probation != null) {
            final ReplayLog.Entry logged = new ReplayLog.Entry(e, index, counters.correlationIds, clock);
            if (replayable) {
                replayLog.add(logged);
            }
            if (probation != null) {
                probation.add(logged);
            }
        }
        if (watchHangs) {
            handling = e;
            hangs.enter(clock);
        }
        if (shadow != null) {
            inc.ctx.outputs = shadow.liveOutputs();
        }
        CurrentContext.set(inc.ctx);
        try {
            inc.state = inc.dispatch(inc.state, e);
        } catch (Hang.SimulatedHang h) {
            lifecycle.hung(e);
            runtime.supervisor().watchSimulatedHang(this, watchHangs ? clock : runtime.now());
            return true;
        } catch (Throwable t) {
            if (watchHangs && !hangs.leave()) {
                return false;
            }
            lifecycle.fail(inc, e, t, e.payload().getClass().getSimpleName());
            return true;
        } finally {
            CurrentContext.set(null);
            inc.ctx.outputs = null;
        }
        if (watchHangs && !hangs.leave()) {
            return false;
        }
        counters.countHandled();
        checkpoints.afterMessage(inc);
        // After the live version's checkpoint: the shadow never delays what the live state saves.
        // Its handler hung and was revoked: this worker retires, the live version serves on a successor.
        return shadow == null || u.afterLive(e, index, corrBase, clock);
    }

    // ---- hangs (supervisor) ----

    /** What a revocation of a hung handler revoked. */
    enum Revoked {
        /** Nothing: the handler had returned. */
        NONE,
        /** The running incarnation (or the new version an update was starting): it failed. */
        HANDLER,
        /** A live update's shadow, which ran after the live handler: the live version is sound. */
        SHADOW
    }

    /**
     * Revokes the handler that started at {@code start} if it is still running; called by the
     * supervisor. A hung shadow of a live update is the update's to end; anything else revokes the
     * running incarnation, and on probation the message it hung on is the one the old version
     * serves again after the rollback (as after a crash), not replays.
     *
     * @return what was revoked
     */
    Revoked revokeIfBusySince(final long start) {
        if (!hangs.revoke(start)) {
            return Revoked.NONE;
        }
        final SwapProtocol u = update;
        if (u != null && u.shadowHungSince(start)) {
            return Revoked.SHADOW;
        }
        lifecycle.revoke(u != null && u.probationLog() != null ? handling : null);
        return Revoked.HANDLER;
    }

    /**
     * Times an update step that runs a new version's code on this worker outside a message (its
     * {@code onStart} at the switch, a shadow's handler) under the hang watch, on a real-time
     * executor when the server has a hang deadline.
     *
     * @param stamp the step's start, distinct from the live handler's that may still be read
     * @return whether it is watched; then {@link #leaveWatch} must follow
     */
    boolean enterWatch(final long stamp) {
        if (!watchHangs || runtime.simulated()) {
            return false;
        }
        hangs.enter(stamp);
        return true;
    }

    /** @return false when the watched step was revoked meanwhile: the caller must touch nothing and retire */
    boolean leaveWatch(final boolean watched) {
        return !watched || hangs.leave();
    }

    /** The calling worker's update step was revoked under it: it retires once the step returns. */
    void retireWorker() {
        retiring = Thread.currentThread();
    }

    /** @return the runtime's clock, for a watched step's stamp */
    long now() {
        return runtime.now();
    }

    /** @return start time of the running handler, or negative when none runs */
    long busySince() {
        return hangs.busySince();
    }

    /** Past {@code start + hangDeadline} the running handler is hung (read by the simulated executor). */
    @Override
    public long handlerDeadline() {
        final long start = hangs.busySince();
        return watchHangs && start >= 0 ? start + spec.hangDeadline().get().toNanos() : Long.MAX_VALUE;
    }

    // ---- incarnations (worker), for Reincarnation and a live update ----

    /** Serves {@code e} before anything else once serving; null serves nothing extra. */
    void serveFirst(final Envelope e) {
        redeliver = e;
    }

    /**
     * Changes the recovery policy the supervisor restarts this server with, from now on, by a spec
     * that differs from the running one in that alone (synchronized with {@link #adopt}, so that
     * neither loses the other's spec). The spec is written before the replay log is marked, so a
     * checkpoint that makes the log whole again comes after every message the old policy left out.
     *
     * @param policy the new policy
     * @return the policy it had
     */
    synchronized RecoveryPolicy changeRecovery(final RecoveryPolicy policy) {
        final RecoveryPolicy was = spec.recovery();
        if (was != policy) {
            spec = spec.withRecovery(policy);
            if (policy == RecoveryPolicy.CHECKPOINT_REPLAY) {
                replayLog.markGap();
            }
        }
        return was;
    }

    /** Runs the slot as {@code version} from now on: its settings, its hang watch. */
    synchronized void adopt(final ServerSpec<?> version) {
        @SuppressWarnings("unchecked")
        final ServerSpec<S> v = (ServerSpec<S>) version;
        spec = v;
        watchHangs = v.hangDeadline().isPresent();
    }

    /** Checkpoints the running incarnation now (after its audit). */
    void checkpointNow() {
        checkpoints.checkpoint(lifecycle.current);
    }

    // ---- live update primitives (worker), driven by a SwapProtocol ----

    /** @return why {@code u} cannot drive this slot (another update does, or the server is gone); null once attached */
    String attach(final SwapProtocol u) {
        final ServerState state = lifecycle.state();
        final String problem = update != null ? "it is being updated already"
            : state == ServerState.GIVEN_UP || state == ServerState.STOPPED
                ? "it is " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ') : null;
        if (problem == null) {
            update = u;
        }
        return problem;
    }

    /** Ends the update's hold on this slot: it serves again, whatever incarnation is current. */
    void detach() {
        update = null;
        suspended = false;
    }

    /**
     * Suspends serving if the server is at a safe point: running, between messages (as this runs),
     * and its own {@code quiescent(state)} holds.
     *
     * @return the state encoded by the runtime's codec (the checkpoint to roll back to); null when
     *         not at a safe point, nothing suspended
     * @throws RuntimeException from the server's predicate or the codec; nothing suspended
     */
    byte[] suspendIfQuiescent() {
        final Incarnation<S> inc = lifecycle.current;
        if (lifecycle.state() != ServerState.RUNNING || inc == null || !inc.server.quiescent(inc.state)) {
            return null;
        }
        final byte[] encoded = runtime.codec().encode(name(), inc.state);
        suspended = true;
        return encoded;
    }

    /** @return the state by parts as it is now (nothing stored, nothing held), or null if not running or not by parts */
    Checkpoint currentByParts() {
        final Incarnation<S> inc = lifecycle.current;
        if (lifecycle.state() != ServerState.RUNNING || inc == null || spec.partCodec() == null) {
            return null;
        }
        return checkpoints.current(inc, spec.partCodec());
    }

    /** @return the whole state as it is now, encoded (nothing stored, nothing held), or null if not running */
    Checkpoint currentWhole() {
        final Incarnation<S> inc = lifecycle.current;
        if (lifecycle.state() != ServerState.RUNNING || inc == null) {
            return null;
        }
        return new Checkpoint(name(), inc.epoch, runtime.now(), counters.handled(), runtime.codec().encode(name(), inc.state));
    }

    /**
     * As {@link #suspendIfQuiescent}, for a server checkpointed by parts: its state by parts as it
     * is now (the root and the parts changed since the last checkpoint re-encoded), or null.
     */
    Checkpoint suspendIfQuiescentByParts() {
        final Incarnation<S> inc = lifecycle.current;
        if (lifecycle.state() != ServerState.RUNNING || inc == null || !inc.server.quiescent(inc.state)) {
            return null;
        }
        final Checkpoint c = checkpoints.current(inc, spec.partCodec());
        suspended = true;
        return c;
    }

    /**
     * Replaces the incarnation with one of {@code version} in {@code epoch} (see {@link #newEpoch}),
     * started from {@code initial} after replaying {@code replay} with sends suppressed, skipping
     * {@code skip}. On success it is current and the slot runs as {@code version}, still suspended
     * if it was.
     *
     * @throws Exception when the new incarnation fails to start; the old one stays current
     */
    Reincarnation.Launched<S> replace(final long epoch, final ServerSpec<S> version, final S initial,
                                      final StartReason reason, final Iterable<ReplayLog.Entry> replay,
                                      final Envelope skip) throws Exception {
        final Reincarnation.Launched<S> launched = launch(epoch, version, initial, reason, replay, skip);
        install(version, launched);
        return launched;
    }

    /** The first half of {@link #replace}: the incarnation started, not yet current. */
    Reincarnation.Launched<S> launch(final long epoch, final ServerSpec<S> version, final S initial,
                                     final StartReason reason, final Iterable<ReplayLog.Entry> replay,
                                     final Envelope skip) throws Exception {
        return reincarnation.launch(epoch, version, initial, reason, replay, skip);
    }

    /** The second half of {@link #replace}: the started incarnation becomes current, the slot runs as {@code version}. */
    void install(final ServerSpec<S> version, final Reincarnation.Launched<S> launched) {
        adopt(version);
        lifecycle.becomeCurrent(launched.inc());
    }

    /** Serves again after {@link #suspendIfQuiescent}. */
    void resume() {
        suspended = false;
    }

    // ---- lifecycle ----

    @Override
    public void onClose() {
        lifecycle.close();
    }

    ServerStatus status() {
        return new ServerStatus(name(), lifecycle.epoch(), lifecycle.state(), counters.handled(), mailbox.size(),
            counters.rejectedSends, lifecycle.restarts);
    }

    ServerState state() {
        return lifecycle.state();
    }

    /** @return the state of the running incarnation, encoded as a checkpoint (CBOR), for tests and tools; worker-unsafe */
    byte[] snapshotState() {
        final Incarnation<S> inc = lifecycle.current;
        return inc == null ? null : runtime.codec().encode(name(), inc.state);
    }
}
