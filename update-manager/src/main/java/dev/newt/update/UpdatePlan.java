package dev.newt.update;

import dev.newt.core.image.ImageClassLoader;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to update: one or more servers (updated atomically: all switch or none does), each with the
 * spec of its new version (typically {@code ImageSpecs.sameSettings}), how to transform each
 * one's state, how long to wait for the safe point, and the probation. Immutable: each method
 * returns a new plan.
 *
 * <pre>{@code
 * UpdatePlan.of("a.tcp", tcpV2)
 *     .transform("a.tcp", FieldMapping.automatic().rename("nextEphemeral", "nextEphemeralPort"))
 *     .quiesceDeadline(Duration.ofMillis(50))
 *     .probation(Duration.ofMillis(20), HealthCheck.serving())
 *     .image("tcp-v2");
 * }</pre>
 *
 * <p>Defaults: a quiesce deadline of one second, no probation (commit as soon as every new
 * version started), the state transform the image ships or else {@link FieldMapping#automatic()},
 * and the image label taken from the new state classes' images.
 */
public final class UpdatePlan {
    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(1);

    private final Map<String, ServerSpec<?>> specs;
    private final Map<String, StateTransform> transforms;
    private final Duration quiesceDeadline;
    private final Duration probationWindow;
    private final HealthCheck healthCheck;
    private final String image;
    private final Duration precopyGap;
    private final Shadow shadow;

    /**
     * A warm-up of the new versions in a shadow before the switch (see {@link #warmUp}).
     *
     * @param messages the messages each shadow handles before it counts as warm
     * @param deadline longest warm-up, in runtime time: the switch then happens warm or not
     * @param outputs  compares the shadow's outputs with the live version's, overriding the rule the
     *                 image declares; null: the image's rule, if it declares one
     */
    public record Shadow(long messages, Duration deadline, dev.newt.core.runtime.ServerSwap.OutputCheck outputs) {
    }

    private UpdatePlan(final Map<String, ServerSpec<?>> specs, final Map<String, StateTransform> transforms,
                       final Duration quiesceDeadline, final Duration probationWindow, final HealthCheck healthCheck,
                       final String image) {
        this(specs, transforms, quiesceDeadline, probationWindow, healthCheck, image, Duration.ZERO, null);
    }

    private UpdatePlan(final Map<String, ServerSpec<?>> specs, final Map<String, StateTransform> transforms,
                       final Duration quiesceDeadline, final Duration probationWindow, final HealthCheck healthCheck,
                       final String image, final Duration precopyGap, final Shadow shadow) {
        this.precopyGap = precopyGap;
        this.shadow = shadow;
        this.specs = specs;
        this.transforms = transforms;
        this.quiesceDeadline = quiesceDeadline;
        this.probationWindow = probationWindow;
        this.healthCheck = healthCheck;
        this.image = image;
    }

    /**
     * @param server  the server to update
     * @param newSpec its new version, named as the server
     * @return a plan updating that server
     * @throws IllegalArgumentException when the spec is named otherwise
     */
    public static UpdatePlan of(final String server, final ServerSpec<?> newSpec) {
        return new UpdatePlan(Map.of(), Map.of(), DEFAULT_DEADLINE, Duration.ZERO, HealthCheck.serving(), null)
            .and(server, newSpec);
    }

    /**
     * @param server  another server to update together with the others
     * @param newSpec its new version, named as the server
     * @return a new plan
     * @throws IllegalArgumentException when the server is in the plan already or the spec is named otherwise
     */
    public UpdatePlan and(final String server, final ServerSpec<?> newSpec) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(newSpec, () -> "update of '" + server + "': newSpec");
        if (specs.containsKey(server)) {
            throw new IllegalArgumentException("server '" + server + "' is in the update plan twice");
        }
        if (!newSpec.name().equals(server)) {
            throw new IllegalArgumentException("update of '" + server + "': the new spec is named '"
                + newSpec.name() + "'; build it from the running spec (ImageSpecs.sameSettings)");
        }
        final Map<String, ServerSpec<?>> s = new LinkedHashMap<>(specs);
        s.put(server, newSpec);
        return new UpdatePlan(Collections.unmodifiableMap(s), transforms, quiesceDeadline, probationWindow,
            healthCheck, image, precopyGap, shadow);
    }

    /**
     * @param server    a server of the plan
     * @param transform how to turn its old state into the new version's
     * @return a new plan
     * @throws IllegalArgumentException when the server is not in the plan
     */
    public UpdatePlan transform(final String server, final StateTransform transform) {
        Objects.requireNonNull(transform, "transform");
        if (!specs.containsKey(server)) {
            throw new IllegalArgumentException("transform for server '" + server + "', which is not in the update plan "
                + specs.keySet());
        }
        final Map<String, StateTransform> t = new LinkedHashMap<>(transforms);
        t.put(server, transform);
        return new UpdatePlan(specs, Collections.unmodifiableMap(t), quiesceDeadline, probationWindow,
            healthCheck, image, precopyGap, shadow);
    }

    /**
     * @param deadline longest wait, in runtime time, for every server to be held at its safe point
     *                 at once; past it the update is aborted and the old versions go on
     * @return a new plan
     */
    public UpdatePlan quiesceDeadline(final Duration deadline) {
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("quiesce deadline must be positive, was " + deadline);
        }
        return new UpdatePlan(specs, transforms, deadline, probationWindow, healthCheck, image, precopyGap, shadow);
    }

    /**
     * @param window how long the new versions are on probation, in runtime time (zero: none)
     * @param check  polled ten times over the window, and at its end
     * @return a new plan
     */
    public UpdatePlan probation(final Duration window, final HealthCheck check) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("probation window must be zero or more, was " + window);
        }
        return new UpdatePlan(specs, transforms, quiesceDeadline, window, Objects.requireNonNull(check, "check"),
            image, precopyGap, shadow);
    }

    /** @param label the image's name in events and results @return a new plan */
    public UpdatePlan image(final String label) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("image label must not be blank");
        }
        return new UpdatePlan(specs, transforms, quiesceDeadline, probationWindow, healthCheck, label, precopyGap, shadow);
    }

    /**
     * Spaces the pre-copy rounds of servers checkpointed by parts: each round transforms the parts
     * changed since the previous one while the old versions serve, then waits {@code gap} on the
     * runtime's clock for the next, while fewer parts change each time (at most four rounds); then
     * the servers are held. By default (zero) the rounds run back to back when the update starts.
     *
     * @param gap the time between two rounds, not negative
     * @return a new plan
     */
    public UpdatePlan precopyEvery(final Duration gap) {
        if (gap.isNegative()) {
            throw new IllegalArgumentException("the pre-copy gap is negative: " + gap);
        }
        return new UpdatePlan(specs, transforms, quiesceDeadline, probationWindow, healthCheck, image, gap, shadow);
    }

    /**
     * Warms the new versions before the switch: after the pre-copy rounds, each new version runs in
     * a shadow on a copy of its server's state (transformed), fed every message the live version
     * handles right after it, its outputs discarded, until it handled {@code messages} (its hot
     * paths compiled) or {@code deadline} passed; then the servers are held and each new version
     * starts from its shadow's state, which is the live state as the new version keeps it: nothing
     * is left to transfer at the safe point. While shadowing, the outputs are compared with the live
     * version's under the rule the image declares ({@code META-INF/newt/shadow-outputs}:
     * {@code identical}, or the name of a class implementing {@code ServerSwap.OutputCheck}); a
     * divergence or a failure of the shadow aborts the update before the switch, naming the message.
     *
     * @param messages messages each shadow handles to count as warm (0: warm at once)
     * @param deadline the longest warm-up, positive
     * @return a new plan
     */
    public UpdatePlan warmUp(final long messages, final Duration deadline) {
        if (messages < 0 || deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("warm-up: messages must be 0 or more and the deadline positive, were "
                + messages + " and " + deadline);
        }
        return new UpdatePlan(specs, transforms, quiesceDeadline, probationWindow, healthCheck, image, precopyGap,
            new Shadow(messages, deadline, shadow == null ? null : shadow.outputs()));
    }

    /**
     * Compares the shadows' outputs with the live versions' under {@code check} instead of the
     * image's rule; needs {@link #warmUp} first.
     *
     * @param check the rule
     * @return a new plan
     */
    public UpdatePlan outputs(final dev.newt.core.runtime.ServerSwap.OutputCheck check) {
        if (shadow == null) {
            throw new IllegalStateException("outputs are compared in a shadow run: call warmUp first");
        }
        return new UpdatePlan(specs, transforms, quiesceDeadline, probationWindow, healthCheck, image, precopyGap,
            new Shadow(shadow.messages(), shadow.deadline(), Objects.requireNonNull(check, "check")));
    }

    /** @return the warm-up in a shadow, if the plan asks for one */
    public Optional<Shadow> shadow() {
        return Optional.ofNullable(shadow);
    }

    /** @return the time between two pre-copy rounds; zero: back to back */
    public Duration precopyGap() {
        return precopyGap;
    }

    /** @return the servers, in the order given */
    public List<String> servers() {
        return List.copyOf(specs.keySet());
    }

    /** @param server a server of the plan @return its new version */
    public ServerSpec<?> spec(final String server) {
        return specs.get(server);
    }

    /** @param server a server of the plan @return the transform given for it, if any */
    public Optional<StateTransform> transformOf(final String server) {
        return Optional.ofNullable(transforms.get(server));
    }

    /** @return the quiesce deadline */
    public Duration quiesceDeadline() {
        return quiesceDeadline;
    }

    /** @return the probation window; zero for none */
    public Duration probationWindow() {
        return probationWindow;
    }

    /** @return the probation's health check */
    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /** @return the label given, or the names of the images the new state classes come from, or {@code unnamed} */
    public String image() {
        if (image != null) {
            return image;
        }
        final List<String> names = specs.values().stream()
            .map(s -> s.stateType().getClassLoader() instanceof ImageClassLoader l ? l.image().name() : null)
            .filter(Objects::nonNull).distinct().toList();
        return names.isEmpty() ? "unnamed" : String.join("+", names);
    }

    /**
     * @param servers    the servers to update instead, with their new versions
     * @param transforms their transforms
     * @return this plan's settings and image label for other servers (an inner server's update as its composite's)
     */
    UpdatePlan withServers(final Map<String, ServerSpec<?>> servers, final Map<String, StateTransform> transforms) {
        return new UpdatePlan(Collections.unmodifiableMap(new LinkedHashMap<>(servers)),
            Collections.unmodifiableMap(new LinkedHashMap<>(transforms)), quiesceDeadline, probationWindow,
            healthCheck, image(), precopyGap, shadow);
    }
}
