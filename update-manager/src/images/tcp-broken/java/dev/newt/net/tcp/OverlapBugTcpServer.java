package dev.newt.net.tcp;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.host.HostConfig;
import java.util.Optional;

/**
 * A planted bug for the schedule search and shrinking (issue 21): version 1's {@link TcpServer},
 * except that it crashes on every message from its host's packet filter once that filter is past
 * its first incarnation (epoch above 1: pf crashed and was restarted). It runs only after a live
 * update to this class, so tcp breaks only when an update of tcp and a crash of pf both happen in a
 * run, and then for good: every restart meets the next packet from pf, and the supervisor gives up
 * on tcp. Either alone is harmless.
 */
public final class OverlapBugTcpServer implements Server<TcpServer.State> {
    private final TcpServer inner;

    /**
     * @param host   the host
     * @param config the settings
     */
    public OverlapBugTcpServer(final HostConfig host, final TcpConfig config) {
        this.inner = new TcpServer(host, config);
    }

    @Override
    public TcpServer.State onStart(final ServerContext ctx, final TcpServer.State s, final StartReason reason) {
        return inner.onStart(ctx, s, reason);
    }

    @Override
    public TcpServer.State handle(final ServerContext ctx, final TcpServer.State s, final Envelope m) {
        if (m.from().endsWith(".pf") && m.fromEpoch() > 1) {
            throw new IllegalStateException("planted bug: tcp-after-update mishandles a packet from a restarted pf "
                + "(epoch " + m.fromEpoch() + ")");
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
