package dev.newt.net.tcp;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.host.HostConfig;
import java.util.Optional;

/**
 * A deliberately broken tcp, the only class the {@code tcp-broken} image adds to version 1's
 * sources: version 1's {@link TcpServer} (same state schema, so its state transfers unchanged),
 * except that an incarnation started by a live update throws in its start when
 * {@code failAfterMessages} is 0, or in the handling of its {@code failAfterMessages}-th message
 * otherwise. Incarnations started for any other reason (a first start, a restart) work: the
 * defect is in the update path, as a real broken release's would show only once deployed.
 */
public final class BrokenTcpServer implements Server<TcpServer.State> {
    private final TcpServer inner;
    private final int failAfterMessages;
    private boolean updated;
    private int handled;

    /**
     * @param host              the host
     * @param config            the settings
     * @param failAfterMessages 0: fail to start; n &gt; 0: crash on the n-th message after starting
     */
    public BrokenTcpServer(final HostConfig host, final TcpConfig config, final int failAfterMessages) {
        if (failAfterMessages < 0) {
            throw new IllegalArgumentException("failAfterMessages must be >= 0, was " + failAfterMessages);
        }
        this.inner = new TcpServer(host, config);
        this.failAfterMessages = failAfterMessages;
    }

    @Override
    public TcpServer.State onStart(final ServerContext ctx, final TcpServer.State s, final StartReason reason) {
        updated = reason == StartReason.UPDATE;
        if (updated && failAfterMessages == 0) {
            throw new IllegalStateException("broken tcp image: fails to start after an update");
        }
        return inner.onStart(ctx, s, reason);
    }

    @Override
    public TcpServer.State handle(final ServerContext ctx, final TcpServer.State s, final Envelope m) {
        if (updated && ++handled == failAfterMessages) {
            throw new IllegalStateException("broken tcp image: crashes on message " + handled + " after an update");
        }
        return inner.handle(ctx, s, m);
    }

    @Override
    public TcpServer.State onPeerRestarted(final ServerContext ctx, final TcpServer.State s,
                                           final PeerRestarted notice) throws Exception {
        return inner.onPeerRestarted(ctx, s, notice);
    }

    @Override
    public boolean quiescent(final TcpServer.State s) {
        return inner.quiescent(s);
    }

    @Override
    public Optional<String> audit(final TcpServer.State s) {
        return inner.audit(s);
    }

    @Override
    public void onStop(final ServerContext ctx, final TcpServer.State s) {
        inner.onStop(ctx, s);
    }
}
