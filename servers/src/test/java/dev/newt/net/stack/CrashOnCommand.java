package dev.newt.net.stack;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.util.Optional;

/**
 * A decorator that crashes its server when it receives the string "crash" and otherwise delegates
 * everything: a hand-injected crash for end-to-end tests, until the fault injector does this.
 */
final class CrashOnCommand<S> implements Server<S> {
    static final String CRASH = "crash";
    private final Server<S> inner;

    CrashOnCommand(final Server<S> inner) {
        this.inner = inner;
    }

    static <S> ServerSpec<S> around(final ServerSpec<S> spec) {
        return spec.wrapping(CrashOnCommand::new);
    }

    @Override
    public S onStart(final ServerContext ctx, final S state, final StartReason reason) throws Exception {
        return inner.onStart(ctx, state, reason);
    }

    @Override
    public S handle(final ServerContext ctx, final S state, final Envelope message) throws Exception {
        if (CRASH.equals(message.payload())) {
            throw new IllegalStateException("crash injected by the test");
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
    public void onStop(final ServerContext ctx, final S state) {
        inner.onStop(ctx, state);
    }
}
