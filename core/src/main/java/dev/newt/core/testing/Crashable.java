package dev.newt.core.testing;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.util.Optional;

/**
 * Decorator for experiments and tests: a server that crashes, honestly (its handler throws, the
 * supervisor sees it), when sent {@link #CRASH}, and otherwise behaves exactly as the server it
 * wraps.
 *
 * @param <S> the wrapped server's state
 */
public final class Crashable<S> implements Server<S> {
    /** The payload that makes the server crash. */
    public static final String CRASH = "crash";

    private final Server<S> inner;

    /** @param inner the server to wrap */
    public Crashable(final Server<S> inner) {
        this.inner = inner;
    }

    /**
     * @param spec a spec
     * @param <S>  its state
     * @return the same spec whose every incarnation is wrapped in a {@link Crashable}
     */
    public static <S> ServerSpec<S> wrap(final ServerSpec<S> spec) {
        return spec.wrapping(Crashable::new);
    }

    @Override
    public S onStart(final ServerContext ctx, final S state, final StartReason reason) throws Exception {
        return inner.onStart(ctx, state, reason);
    }

    @Override
    public S handle(final ServerContext ctx, final S state, final Envelope message) throws Exception {
        if (CRASH.equals(message.payload())) {
            throw new IllegalStateException("crash requested by command");
        }
        return inner.handle(ctx, state, message);
    }

    @Override
    public S onPeerRestarted(final ServerContext ctx, final S state, final PeerRestarted notice) throws Exception {
        return inner.onPeerRestarted(ctx, state, notice);
    }

    @Override
    public Optional<String> audit(final S state) {
        return inner.audit(state);
    }

    @Override
    public boolean quiescent(final S state) {
        return inner.quiescent(state);
    }

    @Override
    public void onStop(final ServerContext ctx, final S state) {
        inner.onStop(ctx, state);
    }

    @Override
    public void onSuperseded() {
        inner.onSuperseded();
    }
}
