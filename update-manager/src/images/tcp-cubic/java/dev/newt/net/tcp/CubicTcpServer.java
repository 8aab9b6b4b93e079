package dev.newt.net.tcp;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.host.HostConfig;
import java.util.Optional;

/**
 * Version 1's tcp whose new connections use {@link Cubic}, in the {@code tcp-cubic} image: the
 * configuration it is given (from the parent loader, shared by every version) is kept but for its
 * congestion control. Connections that moved in by a live update keep the algorithm they had.
 */
public final class CubicTcpServer implements Server<TcpServer.State> {
    private final TcpServer inner;

    /**
     * @param host   the host
     * @param config the settings, whose congestion control this image replaces with CUBIC
     */
    public CubicTcpServer(final HostConfig host, final TcpConfig config) {
        this.inner = new TcpServer(host, config.withCongestionControl(Cubic::new));
    }

    @Override
    public TcpServer.State onStart(final ServerContext ctx, final TcpServer.State s, final StartReason reason) {
        return inner.onStart(ctx, s, reason);
    }

    @Override
    public TcpServer.State handle(final ServerContext ctx, final TcpServer.State s, final Envelope m) {
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
