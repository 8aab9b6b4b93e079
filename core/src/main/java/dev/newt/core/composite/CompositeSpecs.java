package dev.newt.core.composite;

import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the spec of a {@link CompositeServer} from the specs of the servers it runs as one.
 *
 * <p>The composite's settings are derived from the inner specs so that no inner server gets less
 * than it asked for; adjust any of them with the returned spec's {@code withX} methods:
 * <ul>
 *   <li>aliases: the inner names, so peers address the inner servers exactly as before;</li>
 *   <li>watches: every inner server's watches, minus the inner names (they share one fate);</li>
 *   <li>recovery: the strongest any inner server asks for (fresh, then checkpoint, then
 *       checkpoint+replay), since one checkpoint restores them all;</li>
 *   <li>checkpoints: the most frequent any inner server asks for (on request only if all do);</li>
 *   <li>mailbox: the sum of the inner mailboxes, since it takes all their messages;</li>
 *   <li>hang deadline and audit interval: the shortest any inner server asks for;</li>
 *   <li>restart intensity and back-off: the first inner server's.</li>
 * </ul>
 * Only the inner specs' factories, initial states, state types and watches are used besides: an
 * inner spec's own recovery settings have no effect inside a composite.
 */
public final class CompositeSpecs {
    private CompositeSpecs() {
    }

    /**
     * @param name  the composite's name, different from every inner name (for example {@code a.stack})
     * @param inner the inner servers, in the order they start; at least one, distinct names
     * @return the composite's spec
     * @throws IllegalArgumentException naming the composite and the offending inner server
     */
    public static ServerSpec<CompositeServer.State> of(final String name, final List<ServerSpec<?>> inner) {
        Objects.requireNonNull(inner, () -> "composite '" + name + "': inner specs are required");
        final List<ServerSpec<?>> specs = List.copyOf(inner);
        final List<String> names = validate(name, specs);
        final Set<String> watches = new LinkedHashSet<>();
        specs.forEach(s -> watches.addAll(s.watches()));
        names.forEach(watches::remove);
        ServerSpec<CompositeServer.State> spec = ServerSpec.of(name, CompositeServer.State.class,
                () -> new CompositeServer(name, specs), () -> initialState(specs))
            .withAliases(names.toArray(String[]::new))
            .withWatches(watches.toArray(String[]::new))
            .withRecovery(strongestRecovery(specs))
            .withCheckpoints(mostFrequentCheckpoints(specs))
            .withMailboxCapacity(specs.stream().mapToInt(ServerSpec::mailboxCapacity).sum())
            .withAuditEvery(specs.stream().mapToInt(ServerSpec::auditEveryMessages).filter(n -> n > 0).min()
                .orElse(0))
            .withIntensity(specs.get(0).intensity())
            .withBackoff(specs.get(0).backoff());
        final Optional<Duration> hang = specs.stream().flatMap(s -> s.hangDeadline().stream())
            .min(Duration::compareTo);
        if (hang.isPresent()) {
            spec = spec.withHangDeadline(hang.get());
        }
        return spec;
    }

    /**
     * The inner servers of a composite spec, read from a server object it makes (a composite makes
     * its inner server objects and nothing else on construction).
     *
     * @param spec any spec
     * @return its inner specs in start order, if it is a composite made by {@link #of} (and not
     *         wrapped since); empty otherwise
     */
    public static Optional<List<ServerSpec<?>>> innerSpecs(final ServerSpec<?> spec) {
        return spec.newServer() instanceof CompositeServer c ? Optional.of(c.specs()) : Optional.empty();
    }

    /**
     * @param spec  any spec
     * @param inner an inner server's name
     * @return that inner server's spec, if {@code spec} is a composite holding it
     */
    public static Optional<ServerSpec<?>> inner(final ServerSpec<?> spec, final String inner) {
        return innerSpecs(spec).flatMap(l -> l.stream().filter(s -> s.name().equals(inner)).findFirst());
    }

    /**
     * The same composite with some inner servers replaced, for a live update of inner servers: the
     * composite's own settings (those derived by {@link #of} or adjusted since) are kept, its inner
     * servers are those of {@code composite} with each one named in {@code replacements} replaced.
     *
     * @param composite    a composite spec made by {@link #of}
     * @param replacements new inner specs, each named as the inner server it replaces
     * @return the new composite spec
     * @throws IllegalArgumentException naming the composite and the replacement that matches no inner server
     */
    public static ServerSpec<CompositeServer.State> withInner(final ServerSpec<CompositeServer.State> composite,
                                                              final List<ServerSpec<?>> replacements) {
        final List<ServerSpec<?>> specs = new ArrayList<>(innerSpecs(composite).orElseThrow(() ->
            new IllegalArgumentException("'" + composite.name() + "' is not a composite")));
        for (ServerSpec<?> r : replacements) {
            final int at = specs.stream().map(ServerSpec::name).toList().indexOf(r.name());
            if (at < 0) {
                throw new IllegalArgumentException("composite '" + composite.name() + "': no inner server '" + r.name()
                    + "' to replace; inner servers: " + specs.stream().map(ServerSpec::name).toList());
            }
            specs.set(at, r);
        }
        return composite.withImplementation(of(composite.name(), specs));
    }

    private static List<String> validate(final String name, final List<ServerSpec<?>> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("composite '" + name + "': needs at least one inner server");
        }
        final List<String> names = new ArrayList<>();
        for (ServerSpec<?> s : specs) {
            if (s.name().equals(name)) {
                throw new IllegalArgumentException("composite '" + name
                    + "': its name is also the name of one of its inner servers");
            }
            if (names.contains(s.name())) {
                throw new IllegalArgumentException("composite '" + name + "': inner server '" + s.name()
                    + "' is given twice");
            }
            if (!s.aliases().isEmpty()) {
                throw new IllegalArgumentException("composite '" + name + "': inner server '" + s.name()
                    + "' has aliases " + s.aliases() + "; inner servers cannot have aliases");
            }
            names.add(s.name());
        }
        return names;
    }

    private static CompositeServer.State initialState(final List<ServerSpec<?>> specs) {
        final CompositeServer.State s = new CompositeServer.State();
        for (ServerSpec<?> spec : specs) {
            s.states.put(spec.name(), spec.initialState());
        }
        return s;
    }

    private static RecoveryPolicy strongestRecovery(final List<ServerSpec<?>> specs) {
        final List<RecoveryPolicy> order = List.of(RecoveryPolicy.FRESH, RecoveryPolicy.CHECKPOINT,
            RecoveryPolicy.CHECKPOINT_REPLAY);
        return specs.stream().map(ServerSpec::recovery).max((a, b) -> Integer.compare(order.indexOf(a),
            order.indexOf(b))).orElseThrow();
    }

    private static CheckpointPolicy mostFrequentCheckpoints(final List<ServerSpec<?>> specs) {
        return specs.stream().mapToInt(s -> s.checkpoints().everyMessages()).filter(n -> n > 0).min()
            .stream().mapToObj(CheckpointPolicy::everyMessages).findFirst().orElse(CheckpointPolicy.ON_REQUEST);
    }
}
