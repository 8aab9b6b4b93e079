package dev.newt.core.server;

import dev.newt.core.store.PartCodec;
import dev.newt.core.message.LongLived;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Everything the runtime needs to run and supervise one server, validated when built: errors name
 * the server and the offending setting. Immutable; {@code withX} methods return a new spec.
 *
 * @param <S> the state type
 */
public final class ServerSpec<S> {
    /** A name, and for a replica of a host's stack server its index after a '#', as {@code a.tcp#1}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(#[0-9]+)?");

    private final String name;
    private final Class<S> stateType;
    private final Supplier<? extends Server<S>> factory;
    private final Supplier<S> initialState;
    private final RecoveryPolicy recovery;
    private final CheckpointPolicy checkpoints;
    private final RestartIntensity intensity;
    private final Backoff backoff;
    private final Duration hangDeadline;
    private final int mailboxCapacity;
    private final int auditEveryMessages;
    private final Set<String> watches;
    private final List<String> aliases;
    private final String placement;
    private final PartCodec<S> partCodec;
    private final RequestDeadlines requestDeadlines;
    private final Isolation isolation;

    private ServerSpec(final String name, final Class<S> stateType, final Supplier<? extends Server<S>> factory,
                       final Supplier<S> initialState, final RecoveryPolicy recovery,
                       final CheckpointPolicy checkpoints, final RestartIntensity intensity,
                       final Backoff backoff, final Duration hangDeadline, final int mailboxCapacity,
                       final int auditEveryMessages, final Set<String> watches, final List<String> aliases,
                       final String placement, final PartCodec<S> partCodec,
                       final RequestDeadlines requestDeadlines, final Isolation isolation) {
        this.name = name;
        this.stateType = stateType;
        this.factory = factory;
        this.initialState = initialState;
        this.recovery = recovery;
        this.checkpoints = checkpoints;
        this.intensity = intensity;
        this.backoff = backoff;
        this.hangDeadline = hangDeadline;
        this.mailboxCapacity = mailboxCapacity;
        this.auditEveryMessages = auditEveryMessages;
        this.watches = Set.copyOf(watches);
        // Copied without List.copyOf so that a null alias reaches validate() and its named error.
        this.aliases = Collections.unmodifiableList(new ArrayList<>(aliases));
        this.placement = placement;
        this.partCodec = partCodec;
        this.requestDeadlines = Objects.requireNonNull(requestDeadlines, "requestDeadlines");
        this.isolation = isolation;
        validate();
    }

    /**
     * Starts a spec with the defaults: recovery {@code checkpoint}, a checkpoint every message,
     * OTP's restart intensity, the default back-off, no hang deadline, a mailbox of 1024.
     *
     * @param name         unique server name: letters, digits, '.', '_' and '-'
     * @param stateType    the Jackson-serializable state class
     * @param factory      makes a fresh server object for every incarnation
     * @param initialState makes the state of a first start or a fresh restart
     * @param <S>          the state type
     * @return the spec
     */
    public static <S> ServerSpec<S> of(final String name, final Class<S> stateType,
                                       final Supplier<? extends Server<S>> factory,
                                       final Supplier<S> initialState) {
        return new ServerSpec<>(name, stateType, factory, initialState, RecoveryPolicy.CHECKPOINT,
            CheckpointPolicy.EVERY_MESSAGE, RestartIntensity.DEFAULT, Backoff.DEFAULT, null, 1024, 0, Set.of(), List.of(), null, null,
            RequestDeadlines.DEFAULT, null);
    }

    private void validate() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid server name '" + name
                + "': use letters, digits, '.', '_' and '-', starting with a letter or digit, "
                + "and optionally '#' and a replica's index at the end");
        }
        Objects.requireNonNull(stateType, () -> "server '" + name + "': stateType is required");
        Objects.requireNonNull(factory, () -> "server '" + name + "': factory is required");
        Objects.requireNonNull(initialState, () -> "server '" + name + "': initialState is required");
        Objects.requireNonNull(recovery, () -> "server '" + name + "': recovery is required");
        Objects.requireNonNull(checkpoints, () -> "server '" + name + "': checkpoints is required");
        Objects.requireNonNull(intensity, () -> "server '" + name + "': intensity is required");
        Objects.requireNonNull(backoff, () -> "server '" + name + "': backoff is required");
        if (hangDeadline != null && (hangDeadline.isNegative() || hangDeadline.isZero())) {
            throw new IllegalArgumentException("server '" + name + "': hangDeadline must be positive, was "
                + hangDeadline);
        }
        if (mailboxCapacity < 2) {
            throw new IllegalArgumentException("server '" + name + "': mailboxCapacity must be >= 2, was "
                + mailboxCapacity);
        }
        validateAliases();
        if (auditEveryMessages < 0) {
            throw new IllegalArgumentException("server '" + name + "': auditEveryMessages must be >= 0, was "
                + auditEveryMessages);
        }
    }

    private void validateAliases() {
        final Set<String> seen = new HashSet<>();
        for (String alias : aliases) {
            if (alias == null || !NAME.matcher(alias).matches()) {
                throw new IllegalArgumentException("server '" + name + "': invalid alias '" + alias
                    + "': use letters, digits, '.', '_' and '-', starting with a letter or digit, "
                + "and optionally '#' and a replica's index at the end");
            }
            if (alias.equals(name)) {
                throw new IllegalArgumentException("server '" + name + "': alias '" + alias
                    + "' is the server's own name");
            }
            if (!seen.add(alias)) {
                throw new IllegalArgumentException("server '" + name + "': alias '" + alias + "' is given twice");
            }
        }
    }

    /** @param policy how to rebuild the state on restart @return a new spec */
    public ServerSpec<S> withRecovery(final RecoveryPolicy policy) {
        return new ServerSpec<>(name, stateType, factory, initialState, policy, checkpoints, intensity,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases, placement, partCodec, requestDeadlines, isolation);
    }

    /** @param policy when to checkpoint @return a new spec */
    public ServerSpec<S> withCheckpoints(final CheckpointPolicy policy) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, policy, intensity,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases, placement, partCodec, requestDeadlines, isolation);
    }

    /** @param limit restarts allowed in a window @return a new spec */
    public ServerSpec<S> withIntensity(final RestartIntensity limit) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, limit,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases, placement, partCodec, requestDeadlines, isolation);
    }

    /** @param delays between restarts @return a new spec */
    public ServerSpec<S> withBackoff(final Backoff delays) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            delays, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases, placement, partCodec, requestDeadlines, isolation);
    }

    /** @param deadline longest a handler may run before the server counts as hung @return a new spec */
    public ServerSpec<S> withHangDeadline(final Duration deadline) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, deadline, mailboxCapacity, auditEveryMessages, watches, aliases, placement, partCodec, requestDeadlines, isolation);
    }

    /** @param capacity most queued messages @return a new spec */
    public ServerSpec<S> withMailboxCapacity(final int capacity) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, hangDeadline, capacity, auditEveryMessages, watches, aliases, placement, partCodec, requestDeadlines, isolation);
    }

    /** @param n audit the state after every {@code n} messages (0: only before checkpoints) @return a new spec */
    public ServerSpec<S> withAuditEvery(final int n) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, hangDeadline, mailboxCapacity, n, watches, aliases, placement, partCodec, requestDeadlines, isolation);
    }

    /**
     * @param servers servers whose every restart this one is told of by a {@link PeerRestarted}
     *                notice (with the requests they took, possibly none), for example to register
     *                again with a peer that lost its state
     * @return a new spec
     */
    public ServerSpec<S> withWatches(final String... servers) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, Set.of(servers), aliases, placement, partCodec, requestDeadlines, isolation);
    }

    /**
     * @param wrapper applied to every server object the factory makes, for example a decorator
     *                that injects faults or records calls
     * @return a new spec whose incarnations run the wrapped servers
     */
    public ServerSpec<S> wrapping(final UnaryOperator<Server<S>> wrapper) {
        final Supplier<? extends Server<S>> inner = factory;
        return new ServerSpec<>(name, stateType, () -> wrapper.apply(inner.get()), initialState, recovery,
            checkpoints, intensity, backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases,
            placement, partCodec, requestDeadlines, isolation);
    }

    /**
     * Another implementation with this spec's settings: the name, recovery and checkpoint policies,
     * restart intensity, back-off, hang deadline, mailbox capacity, audit interval, watches,
     * aliases and placement of this spec, and the server factory, state type, initial state, part
     * codec and isolation of {@code implementation}; for a new version of a running server.
     *
     * @param implementation a spec whose only parts kept are its server, state type, initial state, part codec and isolation
     * @param <T>            the other state type
     * @return a new spec
     */
    public <T> ServerSpec<T> withImplementation(final ServerSpec<T> implementation) {
        return new ServerSpec<>(name, implementation.stateType, implementation.factory, implementation.initialState,
            recovery, checkpoints, intensity, backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches,
            aliases, placement, implementation.partCodec, requestDeadlines, implementation.isolation);
    }

    /**
     * Checkpoints this server by parts (see {@link PartCodec}): a checkpoint re-encodes the root
     * and only the parts the handlers marked changed ({@link ServerContext#partChanged}) since the
     * previous one, and the state store keeps a base plus the deltas since.
     *
     * @param codec the state's part codec, or null for whole-state checkpoints
     * @return a new spec
     */
    public ServerSpec<S> withPartCodec(final PartCodec<S> codec) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases, placement, codec, requestDeadlines, isolation);
    }

    /** @return the state's part codec, or null when checkpoints hold the whole state */
    public PartCodec<S> partCodec() {
        return partCodec;
    }

    /**
     * @param deadline how long this server's requests to other servers may wait for an answer
     *                 before the runtime answers {@link RequestTimedOut}; zero: no deadline
     *                 ({@link LongLived} requests have none unless their kind is given one)
     * @return a new spec
     */
    public ServerSpec<S> withRequestDeadline(final Duration deadline) {
        return withRequestDeadlines(requestDeadlines.withDefault(deadline));
    }

    /**
     * @param kind     a request payload's class
     * @param deadline how long this server's requests of that kind may wait; zero: no deadline
     * @return a new spec
     */
    public ServerSpec<S> withRequestDeadline(final Class<?> kind, final Duration deadline) {
        return withRequestDeadlines(requestDeadlines.with(kind, deadline));
    }

    /** @param deadlines the deadlines of this server's requests @return a new spec */
    public ServerSpec<S> withRequestDeadlines(final RequestDeadlines deadlines) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases, placement, partCodec, deadlines, isolation);
    }

    /** @return the deadlines of this server's requests to other servers */
    public RequestDeadlines requestDeadlines() {
        return requestDeadlines;
    }

    /**
     * Gives the server more names. The runtime registers each alias as an endpoint of the same slot:
     * what is sent to an alias reaches this server with the alias in {@code Envelope.to()}, and the
     * server may send as one of its aliases with {@link ServerContext#as}. A composite of several
     * servers uses the inner servers' names as its aliases, so that their peers address them as before.
     *
     * @param names the aliases: valid server names, distinct, none equal to the server's own name
     * @return a new spec with exactly these aliases
     */
    public ServerSpec<S> withAliases(final String... names) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, Arrays.asList(names), placement, partCodec, requestDeadlines, isolation);
    }

    /**
     * Places the server in a group that the pooled executor runs on one worker thread, as NEWTOS
     * pins a host's stack servers to one core: a message between two servers of the group never
     * crosses cores, and a packet's path through the group never waits for another worker. The
     * topology places each host's stack in a group named after the host. Other executors ignore it.
     *
     * @param group a group name, or null for none (the server runs on whichever worker is free)
     * @return a new spec with this placement
     */
    public ServerSpec<S> withPlacement(final String group) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases, group, partCodec, requestDeadlines, isolation);
    }

    /** @return the placement group (see {@link #withPlacement}), or empty for none */
    public Optional<String> placement() {
        return Optional.ofNullable(placement);
    }

    /** @return the server's aliases, in the order given; empty for most servers */
    public List<String> aliases() {
        return aliases;
    }

    /** @return the servers whose restarts this one is told of */
    public Set<String> watches() {
        return watches;
    }

    /** @return the server's unique name */
    public String name() {
        return name;
    }

    /** @return the state class, for restoring checkpoints */
    public Class<S> stateType() {
        return stateType;
    }

    /**
     * Runs the server's incarnations elsewhere: in a child JVM with
     * {@code dev.newt.core.process.ProcessIsolation}. The rest of the runtime does not see the
     * difference: messages, checkpoints and supervision stay in the runtime's JVM.
     *
     * @param where the isolation, or null to run in the runtime's JVM (the default)
     * @return a new spec
     */
    public ServerSpec<S> withIsolation(final Isolation where) {
        return new ServerSpec<>(name, stateType, factory, initialState, recovery, checkpoints, intensity,
            backoff, hangDeadline, mailboxCapacity, auditEveryMessages, watches, aliases, placement, partCodec,
            requestDeadlines, where);
    }

    /** @return where the server runs when not in the runtime's JVM; empty for the default */
    public Optional<Isolation> isolation() {
        return Optional.ofNullable(isolation);
    }

    /**
     * @return a fresh server object for a new incarnation: from the factory, or, with an
     *         {@link #isolation()}, the isolation's stand-in for the server running elsewhere
     */
    public Server<S> newServer() {
        if (isolation != null) {
            return Objects.requireNonNull(isolation.serverFor(this), () -> "server '" + name + "': isolation "
                + isolation.label() + " made no server");
        }
        return Objects.requireNonNull(factory.get(), () -> "server '" + name + "': factory returned null");
    }

    /** @return a fresh initial state */
    public S initialState() {
        return Objects.requireNonNull(initialState.get(), () -> "server '" + name + "': initialState returned null");
    }

    /** @return the recovery policy */
    public RecoveryPolicy recovery() {
        return recovery;
    }

    /** @return when to checkpoint */
    public CheckpointPolicy checkpoints() {
        return checkpoints;
    }

    /** @return the restart intensity */
    public RestartIntensity intensity() {
        return intensity;
    }

    /** @return the back-off between restarts */
    public Backoff backoff() {
        return backoff;
    }

    /** @return the hang deadline, or empty when hangs are not watched for */
    public Optional<Duration> hangDeadline() {
        return Optional.ofNullable(hangDeadline);
    }

    /** @return the mailbox capacity asked for */
    public int mailboxCapacity() {
        return mailboxCapacity;
    }

    /** @return audit interval in messages; 0 means only before checkpoints */
    public int auditEveryMessages() {
        return auditEveryMessages;
    }

    @Override
    public String toString() {
        return "ServerSpec[" + name + ", " + recovery.label() + (isolation == null ? "" : ", " + isolation.label()) + "]";
    }
}
