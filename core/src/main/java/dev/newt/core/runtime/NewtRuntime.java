package dev.newt.core.runtime;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.EventLog;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.PeerRestartNotified;
import dev.newt.core.event.RuntimeError;
import dev.newt.core.exec.ErrorHandler;
import dev.newt.core.exec.Executor;
import dev.newt.core.exec.IdleStrategy;
import dev.newt.core.exec.PooledExecutor;
import dev.newt.core.exec.SimulatedExecutor;
import dev.newt.core.exec.ThreadedExecutor;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.InMemoryStateStore;
import dev.newt.core.store.PartCodec;
import dev.newt.core.store.StateCodec;
import dev.newt.core.store.StateCodecException;
import dev.newt.core.store.StateStore;
import dev.newt.core.time.TimerHandle;
import dev.newt.core.time.TimerQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A multiserver runtime: isolated servers that talk only by messages, run by an executor, watched
 * by a supervisor that reincarnates them, with their checkpoints kept in a state store and
 * everything that happens written to an event log.
 *
 * <pre>{@code
 * try (NewtRuntime rt = NewtRuntime.builder().seed(42).simulated()
 *         .server(ServerSpec.of("counter", Counter.State.class, Counter::new, Counter.State::new))
 *         .build()) {
 *     rt.start();
 *     NewtClient c = rt.client("test");
 *     c.send("counter", "inc");
 *     rt.runFor(Duration.ofMillis(1));
 * }
 * }</pre>
 */
public final class NewtRuntime implements AutoCloseable {
    private final long seed;
    private final Executor executor;
    private final EventLog events;
    private final StateStore store;
    /** Shared so that Jackson's per-class (de)serializers stay warm across runtimes in one JVM. */
    private static final StateCodec CODEC = new StateCodec();
    private final StateCodec codec = CODEC;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final List<Endpoint> endpointOrder = new CopyOnWriteArrayList<>();
    private final List<ServerSlot<?>> slots = new ArrayList<>();
    private final Supervisor supervisor;
    private boolean started;
    private boolean closed;

    private NewtRuntime(final Builder b) {
        this.seed = b.seed;
        this.events = b.events != null ? b.events : new EventLog();
        final ErrorHandler errors = b.errors != null ? b.errors : this::recordRuntimeError;
        if (b.idle == null) {
            this.executor = new SimulatedExecutor(b.seed, b.stepCost, errors);
        } else if (b.poolSize > 0) {
            this.executor = new PooledExecutor(b.poolSize, b.idle, errors);
        } else {
            this.executor = new ThreadedExecutor(b.idle, errors);
        }
        this.store = b.store != null ? b.store : new InMemoryStateStore();
        this.supervisor = new Supervisor(this, g -> {
            failClientRequestsTo(g.server());
            b.escalation.accept(g);
        });
        for (ServerSpec<?> spec : b.specs) {
            final ServerSlot<?> slot = new ServerSlot<>(this, spec);
            slots.add(slot);
            register(slot);
            for (String alias : spec.aliases()) {
                registerAlias(alias, slot);
            }
        }
    }

    /** @return a builder with seed 1 and the simulated executor */
    public static Builder builder() {
        return new Builder();
    }

    private void register(final Endpoint e) {
        if (endpoints.putIfAbsent(e.name(), e) != null) {
            throw new IllegalArgumentException("duplicate endpoint name '" + e.name() + "'");
        }
        endpointOrder.add(e);
    }

    /**
     * Makes {@code alias} another name of {@code slot}. Not added to {@link #endpointOrder}: that
     * list holds each endpoint once, for the restart notices.
     */
    private void registerAlias(final String alias, final ServerSlot<?> slot) {
        final Endpoint other = endpoints.putIfAbsent(alias, slot);
        if (other != null) {
            throw new IllegalArgumentException("duplicate endpoint name '" + alias + "': alias of server '"
                + slot.name() + "' and name of '" + other.name() + "'");
        }
    }

    /** Starts every server (their first start runs on their own workers) and the supervisor. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("runtime already started");
        }
        started = true;
        executor.start(slots, supervisor);
        for (ServerSlot<?> s : slots) {
            s.order(new ServerSlot.RestartOrder(RecoveryPolicy.FRESH, StartReason.FIRST_START));
        }
        if (!executor.simulated()) {
            slots.stream().flatMap(s -> s.spec.hangDeadline().stream())
                .mapToLong(Duration::toNanos).min()
                .ifPresent(d -> scheduleHangScan(Math.max(1_000_000L, Math.min(d / 4, 100_000_000L))));
        }
    }

    private void scheduleHangScan(final long interval) {
        timers().schedule(interval, () -> {
            supervisor.scanForHangs(slots);
            scheduleHangScan(interval);
        });
    }

    /**
     * @param name a name unique among servers and clients
     * @return a new client endpoint with an inbox of 4096 messages
     */
    public NewtClient client(final String name) {
        final NewtClient c = new NewtClient(this, name, 4096);
        register(c);
        return c;
    }

    /** @return the simulated executor, to drive the simulation */
    public SimulatedExecutor simulation() {
        if (executor instanceof SimulatedExecutor sim) {
            return sim;
        }
        throw new IllegalStateException("this runtime runs on the threaded executor, not the simulated one");
    }

    /** Runs the simulation for {@code duration} of virtual time. @param duration how long */
    public void runFor(final Duration duration) {
        simulation().runFor(duration);
    }

    /**
     * Runs the simulation until {@code done} holds or {@code limit} of virtual time passed.
     *
     * @param done  the condition, checked after every step
     * @param limit the most virtual time
     * @return whether {@code done} held
     */
    public boolean runUntil(final BooleanSupplier done, final Duration limit) {
        return simulation().runUntil(done, limit);
    }

    /** @return the event log */
    public EventLog events() {
        return events;
    }

    /** @return the state store */
    public StateStore store() {
        return store;
    }

    /** @return the seed every random source of this runtime derives from */
    public long seed() {
        return seed;
    }

    /** @return the runtime clock in nanoseconds */
    public long now() {
        return executor.clock().nanoTime();
    }

    /** @return whether the executor is the simulated one */
    public boolean simulated() {
        return executor.simulated();
    }

    /**
     * @param server a server name, or an alias (giving the status of the server that owns it)
     * @return its status
     * @throws IllegalArgumentException if unknown
     */
    public ServerStatus status(final String server) {
        if (endpoints.get(server) instanceof ServerSlot<?> s) {
            return s.status();
        }
        throw new IllegalArgumentException("no server named '" + server + "'");
    }

    /**
     * @param server a server name, or an alias of it
     * @return the spec it runs with now: the one it was built with, or the last live update's
     * @throws IllegalArgumentException if unknown
     */
    public ServerSpec<?> spec(final String server) {
        if (endpoints.get(server) instanceof ServerSlot<?> s) {
            return s.spec;
        }
        throw new IllegalArgumentException("no server named '" + server + "'");
    }

    /**
     * Changes how the supervisor rebuilds a running server's state at its next restarts, and records
     * a {@code recovery-changed} event. Safe from any thread. Choosing {@code checkpoint+replay}
     * takes effect for replay at the server's next checkpoint (until then a restart restores the
     * checkpoint alone: the messages before the change were not logged); {@code checkpoint} with
     * no checkpoint taken yet restarts fresh, as always. A live update under way brings its own
     * settings when it switches.
     *
     * @param server a server name, or an alias of it
     * @param policy the new policy
     * @throws IllegalArgumentException if the server is unknown
     */
    public void changeRecovery(final String server, final RecoveryPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (!(endpoints.get(server) instanceof ServerSlot<?> s)) {
            throw new IllegalArgumentException("no server named '" + server + "'");
        }
        final RecoveryPolicy was = s.changeRecovery(policy);
        record(new CustomEvent(now(), s.name(), EventKinds.RECOVERY_CHANGED,
            Map.of("from", was.label(), "to", policy.label())));
    }

    /** @return the status of every server, in the order they were added */
    public List<ServerStatus> statuses() {
        return slots.stream().map(ServerSlot::status).toList();
    }

    /**
     * Decodes a server's latest checkpoint.
     *
     * @param server a server name, or an alias (giving the checkpoint of the server that owns it)
     * @param type   its state class
     * @param <S>    the state type
     * @return the state as last checkpointed
     */
    public <S> S checkpointedState(final String server, final Class<S> type) {
        final String owner = endpoints.get(server) instanceof ServerSlot<?> s ? s.name() : server;
        return store.latest(owner).map(c -> type.cast(decode(c, type, partCodecOf(owner))))
            .orElseThrow(() -> new IllegalStateException("no checkpoint of '" + server + "'"));
    }

    /**
     * The running state of a server, encoded by the codec as a whole-state checkpoint would be: for
     * tests and tools that compare it with what the store holds. Not synchronised with the server's
     * worker: call it between steps of the simulated executor, or when the server is idle.
     *
     * @param server a server name
     * @return the encoded state, or null when no incarnation runs
     */
    public byte[] snapshotState(final String server) {
        if (endpoints.get(server) instanceof ServerSlot<?> s) {
            return s.snapshotState();
        }
        throw new IllegalArgumentException("no server named '" + server + "'");
    }

    /**
     * A server's latest checkpoint as the whole-state encoding the codec writes, materialised from
     * its parts when it was taken by parts: what a live update transforms, and what tools read.
     *
     * @param server a server name
     * @return the encoded state, if there is a checkpoint
     */
    public Optional<byte[]> encodedCheckpoint(final String server) {
        return store.latest(server).map(c -> c.byParts()
            ? codec.encode(server, decode(c, spec(server).stateType(), partCodecOf(server))) : c.state());
    }

    /** @return the part codec the server's checkpoints are taken with, or null */
    private PartCodec<?> partCodecOf(final String server) {
        return endpoints.get(server) instanceof ServerSlot<?> s ? s.spec.partCodec() : null;
    }

    /**
     * Decodes a checkpoint: with the part codec when it was taken by parts, with the codec otherwise.
     *
     * @throws StateCodecException naming the server and the cause
     */
    @SuppressWarnings("unchecked")
    <S> S decode(final Checkpoint c, final Class<S> type, final PartCodec<?> parts) {
        if (!c.byParts()) {
            return codec.decode(c.server(), c.state(), type);
        }
        if (parts == null) {
            throw new StateCodecException("checkpoint of '" + c.server() + "' was taken by parts, and "
                + type.getName() + " has no part codec", null);
        }
        try {
            return type.cast(((PartCodec<S>) parts).decode(c.state(), c.parts().materialise()));
        } catch (StateCodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StateCodecException("cannot restore state of '" + c.server() + "' by parts as "
                + type.getName() + ": " + e, e);
        }
    }

    /**
     * Begins a live update of one server; the update manager drives it (see {@link ServerSwap}).
     *
     * @param server   a server name, or an alias of it
     * @param listener hears each step's outcome, on the server's worker
     * @return the swap, not yet started: call {@link ServerSwap#hold()}
     * @throws IllegalArgumentException if no server has that name
     * @throws IllegalStateException    if the runtime is not running
     */
    public ServerSwap swap(final String server, final ServerSwap.Listener listener) {
        if (!(endpoints.get(server) instanceof ServerSlot<?> slot)) {
            throw new IllegalArgumentException("no server named '" + server + "'");
        }
        synchronized (this) {
            if (!started || closed) {
                throw new IllegalStateException("cannot update '" + server + "': the runtime is not running");
            }
        }
        return new ServerSwap(slot, listener);
    }

    /**
     * Runs {@code action} after {@code delay} of runtime time, on the executor's timer thread (in
     * the simulation: between steps), for tools that watch the runtime, such as an update's
     * deadlines. The action must be quick and must not block.
     *
     * @param delay  how long from now
     * @param action what to run
     * @return a handle to cancel it
     */
    public TimerHandle schedule(final Duration delay, final Runnable action) {
        return timers().schedule(delay.toNanos(), Objects.requireNonNull(action, "action"));
    }

    /** @return the codec that writes and reads the servers' checkpoints */
    public StateCodec codec() {
        return codec;
    }

    /** @return the executor, for tools that need its details */
    public Executor executor() {
        return executor;
    }

    /** Stops every server and thread, waiting a bounded time for each. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.close();
    }

    // ---- for the runtime's own classes ----

    Endpoint endpoint(final String name) {
        final Endpoint e = endpoints.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no server or client named '" + name + "'");
        }
        return e;
    }

    void record(final Event e) {
        events.record(e);
    }

    /** Fails every client's requests to a server the supervisor gave up on: they would wait forever. */
    private void failClientRequestsTo(final String server) {
        final Endpoint slot = endpoints.get(server);
        for (Endpoint e : endpoints.values()) {
            if (e instanceof NewtClient c) {
                c.failRequestsTo(slot);
            }
        }
    }

    /** The default {@link ErrorHandler}: a bug in the runtime becomes a {@code runtime-error} event. */
    private void recordRuntimeError(final String where, final Throwable error) {
        final StackTraceElement[] frames = error.getStackTrace();
        final String at = frames.length == 0 ? "" : frames[0].getClassName() + "." + frames[0].getMethodName()
            + "(" + frames[0].getFileName() + ":" + frames[0].getLineNumber() + ")";
        record(new RuntimeError(now(), where, error.getClass().getName(), String.valueOf(error.getMessage()), at));
    }

    TimerQueue timers() {
        return executor.timers();
    }

    Supervisor supervisor() {
        return supervisor;
    }

    /**
     * Tells every endpoint with requests the dead incarnations of {@code peer} took and never
     * answered, and every server that watches {@code peer}. A peer with aliases restarts under each
     * of its names: an endpoint gets one notice per name it sent requests to or watches, naming
     * that name, just as if each were a server of its own that restarted.
     */
    void notifyRequestersOf(final ServerSlot<?> peer, final long newEpoch) {
        for (Endpoint e : endpointOrder) {
            notify(e, peer.name(), newEpoch);
            for (String alias : peer.spec.aliases()) {
                notify(e, alias, newEpoch);
            }
        }
    }

    private void notify(final Endpoint e, final String peerName, final long newEpoch) {
        final List<PendingRequest> orphans = e.pending().takeOrphansOf(peerName, newEpoch);
        final boolean watching = e instanceof ServerSlot<?> s && s.spec.watches().contains(peerName);
        if (!orphans.isEmpty() || watching) {
            record(new PeerRestartNotified(now(), e.name(), peerName, newEpoch, orphans.size()));
            e.notifyPeerRestarted(new PeerRestarted(peerName, newEpoch, orphans));
        }
    }

    /** Builds a runtime; validates as it goes, naming the offending setting. */
    public static final class Builder {
        private long seed = 1;
        private Supplier<IdleStrategy> idle;
        private int poolSize;
        private Duration stepCost = Duration.ofNanos(1000);
        private EventLog events;
        private StateStore store;
        private Consumer<GaveUp> escalation = g -> { };
        private ErrorHandler errors;
        private final List<ServerSpec<?>> specs = new ArrayList<>();

        private Builder() {
        }

        /** @param s seed of the scheduler and of every server's random source @return this */
        public Builder seed(final long s) {
            this.seed = s;
            return this;
        }

        /** Uses the simulated executor with 1 µs of virtual time per message (the default). @return this */
        public Builder simulated() {
            return simulated(Duration.ofNanos(1000));
        }

        /** @param cost virtual time each handled message takes @return this */
        public Builder simulated(final Duration cost) {
            if (cost.isNegative()) {
                throw new IllegalArgumentException("step cost must be >= 0, was " + cost);
            }
            this.idle = null;
            this.poolSize = 0;
            this.stepCost = cost;
            return this;
        }

        /** @param strategy {@code spin}, {@code yield}, {@code backoff} or {@code park} @return this */
        public Builder threaded(final String strategy) {
            IdleStrategy.named(strategy);
            return threaded(() -> IdleStrategy.named(strategy));
        }

        /** @param strategies makes an idle strategy per server thread @return this */
        public Builder threaded(final Supplier<IdleStrategy> strategies) {
            this.idle = Objects.requireNonNull(strategies, "strategies");
            this.poolSize = 0;
            return this;
        }

        /**
         * Uses the pooled executor: servers multiplexed over {@code workers} threads.
         *
         * @param workers  worker threads, at least 1 (typically the number of cores)
         * @param strategy the workers' idle strategy: {@code spin}, {@code yield}, {@code backoff} or {@code park}
         * @return this
         */
        public Builder pooled(final int workers, final String strategy) {
            if (workers < 1) {
                throw new IllegalArgumentException("pool size must be at least 1, was " + workers);
            }
            IdleStrategy.named(strategy);
            this.idle = () -> IdleStrategy.named(strategy);
            this.poolSize = workers;
            return this;
        }

        /**
         * Uses the executor for real runs: the pooled one with a worker per available core, which
         * runs each placement group ({@link ServerSpec#withPlacement}) on one worker.
         *
         * @param strategy the workers' idle strategy: {@code spin}, {@code yield}, {@code backoff} or {@code park}
         * @return this
         */
        public Builder realTime(final String strategy) {
            return pooled(Runtime.getRuntime().availableProcessors(), strategy);
        }

        /** @param log where events go (default: in memory) @return this */
        public Builder eventLog(final EventLog log) {
            this.events = log;
            return this;
        }

        /** @param s where checkpoints go (default: in memory) @return this */
        public Builder stateStore(final StateStore s) {
            this.store = s;
            return this;
        }

        /** @param onGiveUp called on the supervisor's thread when it gives up on a server @return this */
        public Builder onGiveUp(final Consumer<GaveUp> onGiveUp) {
            this.escalation = Objects.requireNonNull(onGiveUp, "onGiveUp");
            return this;
        }

        /**
         * @param handler hears about bugs in the runtime itself (an exception that escaped a duty
         *                cycle or a timer action), on the thread that caught it; default: a
         *                {@code runtime-error} event in the event log
         * @return this
         */
        public Builder onRuntimeError(final ErrorHandler handler) {
            this.errors = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * @param spec a server to run
         * @return this
         * @throws IllegalArgumentException when its name or one of its aliases is already a name or alias
         */
        public Builder server(final ServerSpec<?> spec) {
            Objects.requireNonNull(spec, "spec");
            for (ServerSpec<?> s : specs) {
                if (s.name().equals(spec.name())) {
                    throw new IllegalArgumentException("duplicate server name '" + spec.name() + "'");
                }
                if (s.aliases().contains(spec.name())) {
                    throw new IllegalArgumentException("duplicate server name '" + spec.name()
                        + "': already an alias of server '" + s.name() + "'");
                }
                for (String alias : spec.aliases()) {
                    if (s.name().equals(alias) || s.aliases().contains(alias)) {
                        throw new IllegalArgumentException("duplicate name '" + alias + "': alias of server '"
                            + spec.name() + "' and " + (s.name().equals(alias) ? "name" : "alias")
                            + " of server '" + s.name() + "'");
                    }
                }
            }
            specs.add(spec);
            return this;
        }

        /** @return the runtime, not yet started */
        public NewtRuntime build() {
            return new NewtRuntime(this);
        }
    }
}
