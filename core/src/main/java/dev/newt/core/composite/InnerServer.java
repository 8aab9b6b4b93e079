package dev.newt.core.composite;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.util.Optional;

/**
 * One inner server of a composite incarnation: its spec, its server object and its context, with
 * the casts from the composite's untyped state map to the server's state type in one place.
 *
 * @param <S> the inner server's state type
 */
final class InnerServer<S> {
    final ServerSpec<S> spec;
    final Server<S> server;
    final InnerContext ctx;

    InnerServer(final ServerSpec<S> spec, final CompositeServer composite) {
        this.spec = spec;
        this.server = spec.newServer();
        this.ctx = new InnerContext(composite, spec.name());
    }

    String name() {
        return spec.name();
    }

    Object initialState() {
        return spec.initialState();
    }

    Object onStart(final Object state, final StartReason reason) throws Exception {
        return server.onStart(ctx, cast(state), reason);
    }

    Object handle(final Object state, final Envelope message) throws Exception {
        return server.handle(ctx, cast(state), message);
    }

    Object onPeerRestarted(final Object state, final PeerRestarted notice) throws Exception {
        return server.onPeerRestarted(ctx, cast(state), notice);
    }

    Optional<String> audit(final Object state) {
        return server.audit(cast(state));
    }

    boolean quiescent(final Object state) {
        return server.quiescent(cast(state));
    }

    void onStop(final Object state) {
        server.onStop(ctx, cast(state));
    }

    private S cast(final Object state) {
        if (state != null && !spec.stateType().isInstance(state)) {
            throw new IllegalStateException("inner server '" + name() + "': state is a "
                + state.getClass().getName() + ", not a " + spec.stateType().getName());
        }
        return spec.stateType().cast(state);
    }
}
