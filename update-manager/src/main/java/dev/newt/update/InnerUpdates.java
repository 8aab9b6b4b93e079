package dev.newt.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.core.composite.CompositeServer;
import dev.newt.core.composite.CompositeSpecs;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An update of servers that run inside a composite (a monolithic host's layers): a plan naming an
 * inner server (for example {@code a.tcp} of {@code a.stack}) becomes an update of its composite,
 * whose new version is the same composite with that inner server's new version in its place
 * ({@link CompositeSpecs#withInner}), and whose state transform applies the inner server's own
 * transform (the one given, else the image's shipped one, else the automatic mapping) to that inner
 * server's state inside the composite's, leaving the others' untouched. The composite is quiesced,
 * checkpointed, started, put on probation and rolled back as one, as any server is.
 */
final class InnerUpdates {
    private InnerUpdates() {
    }

    /**
     * @param runtime the running system
     * @param plan    an update plan, naming inner servers or not
     * @return {@code plan} if it names no inner server; otherwise the plan with each composite
     *         holding named inner servers in their place (the image label kept)
     */
    static UpdatePlan lift(final NewtRuntime runtime, final UpdatePlan plan) {
        final Map<String, ServerSpec<?>> specs = new LinkedHashMap<>();
        final Map<String, StateTransform> transforms = new LinkedHashMap<>();
        final Map<String, List<ServerSpec<?>>> innerByComposite = new LinkedHashMap<>();
        for (String server : plan.servers()) {
            final ServerSpec<?> running = runtime.spec(server);
            final Optional<ServerSpec<?>> inner = running.name().equals(server) ? Optional.empty()
                : CompositeSpecs.inner(running, server);
            if (inner.isPresent()) {
                innerByComposite.computeIfAbsent(running.name(), k -> new ArrayList<>()).add(plan.spec(server));
            } else {
                specs.put(server, plan.spec(server));
                plan.transformOf(server).ifPresent(t -> transforms.put(server, t));
            }
        }
        if (innerByComposite.isEmpty()) {
            return plan;
        }
        for (Map.Entry<String, List<ServerSpec<?>>> e : innerByComposite.entrySet()) {
            final String composite = e.getKey();
            if (specs.containsKey(composite)) {
                throw new IllegalArgumentException("update of server '" + composite + "': named both itself and its inner "
                    + "servers " + e.getValue().stream().map(ServerSpec::name).toList());
            }
            @SuppressWarnings("unchecked")
            final ServerSpec<CompositeServer.State> running = (ServerSpec<CompositeServer.State>) runtime.spec(composite);
            final Map<String, InnerChange> changes = new LinkedHashMap<>();
            for (ServerSpec<?> next : e.getValue()) {
                final Class<?> oldType = CompositeSpecs.inner(running, next.name()).orElseThrow().stateType();
                final StateTransform t = plan.transformOf(next.name()).orElseGet(() ->
                    ShippedTransform.of(next.name(), oldType, next.stateType()).orElse(FieldMapping.automatic()));
                changes.put(next.name(), new InnerChange(oldType, next.stateType(), t));
            }
            specs.put(composite, CompositeSpecs.withInner(running, e.getValue()));
            transforms.put(composite, new InnerStatesTransform(changes));
        }
        return plan.withServers(specs, transforms);
    }

    /** One inner server's change of version: its state classes and its transform. */
    private record InnerChange(Class<?> oldType, Class<?> newType, StateTransform transform) {
    }

    /** Transforms the named inner servers' states inside a composite's state tree ({@code states.<inner>}). */
    private record InnerStatesTransform(Map<String, InnerChange> changes) implements StateTransform {
        @Override
        public ObjectNode transform(final TransformContext context, final ObjectNode old) {
            if (!(old.get("states") instanceof ObjectNode states)) {
                throw new StateTransformException(context.server(), "states", "the composite's state has no inner states",
                    null);
            }
            for (Map.Entry<String, InnerChange> e : changes.entrySet()) {
                final String inner = e.getKey();
                final JsonNode state = states.get(inner);
                if (!(state instanceof ObjectNode tree)) {
                    throw new StateTransformException(inner, "", "no state of inner server '" + inner + "' in '"
                        + context.server() + "'", null);
                }
                // Checkpoints of before named each inner state's class; the class is the spec's now.
                tree.remove("@class");
                final InnerChange c = e.getValue();
                states.set(inner, c.transform().transform(
                    new TransformContext(inner, c.oldType(), c.newType(), context.mapper()), tree));
            }
            return old;
        }
    }
}
