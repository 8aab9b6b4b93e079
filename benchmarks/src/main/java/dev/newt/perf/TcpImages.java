package dev.newt.perf;

import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.server.ServerSpec;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.net.host.HostConfig;
import dev.newt.net.tcp.TcpServer;

/** A host's tcp loaded from an image (plain or woven), with the settings of the standard spec. */
final class TcpImages {
    private TcpImages() {
    }

    /**
     * @param host   the host
     * @param faults weaves the image, or null for the plain image
     * @return the spec of {@code <host>.tcp} from its own class loader
     */
    static ServerSpec<?> spec(final HostConfig host, final FaultInjector faults) {
        final ServerSpec<TcpServer.State> standard = TcpServer.spec(host);
        final ServerImage image = ServerImage.of("tcp", TcpServer.class);
        final ServerSpec<Object> loaded = faults == null
            ? ImageSpecs.spec(standard.name(), image, TcpServer.class.getName(), TcpServer.State.class.getName(),
                host)
            : faults.spec(standard.name(), image, TcpServer.class.getName(), TcpServer.State.class.getName(), host);
        return loaded.withRecovery(standard.recovery()).withCheckpoints(standard.checkpoints())
            .withMailboxCapacity(standard.mailboxCapacity()).withIntensity(standard.intensity())
            .withBackoff(standard.backoff());
    }
}
