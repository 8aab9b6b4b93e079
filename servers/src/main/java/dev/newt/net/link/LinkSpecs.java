package dev.newt.net.link;

import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.nic.NicServer;
import java.util.Objects;

/**
 * The server specs of the link layer, for a topology builder: a wire between two nics, and the nic
 * of a host. Both recover from their last checkpoint, taken after every message, so that their
 * counters survive a restart exactly; adjust with the spec's {@code withX} methods.
 */
public final class LinkSpecs {
    /**
     * Mailbox of a wire: frames from both ends wait here while the wire is busy or restarting. A
     * wire drops nothing for lack of room itself (its deliveries are timers), so this bounds only
     * the bursts its ends can hand it at once.
     */
    public static final int WIRE_MAILBOX = 4096;
    /** Mailbox of a nic, the size of a generous driver ring shared by receive and transmit. */
    public static final int NIC_MAILBOX = 1024;

    /**
     * Messages (frames given, deliveries made) a wire's checkpoint may wait for: its state is
     * counters and the instant each direction is free again, so a restore from a checkpoint loses at
     * most this many messages' counts (the restored counters are those of one instant, so they still
     * add up: see {@link WireDirection}), and the frames whose end of serialisation it forgets were
     * in flight, lost by the restart.
     */
    public static final int WIRE_MINOR_WAIT = 64;

    /**
     * Frames a nic's checkpoint may wait for: its state is counters only, so a restore from a
     * checkpoint loses at most this many frames' counts.
     */
    public static final int NIC_MINOR_WAIT = 64;

    private LinkSpecs() {
    }

    /**
     * @param config the wire
     * @return its spec, named {@code config.name()}, mailbox {@value #WIRE_MAILBOX}
     */
    public static ServerSpec<WireServer.State> wire(final WireConfig config) {
        return wire(config, false);
    }

    /**
     * @param config      the wire
     * @param handOverDue whether due frames skip the delivery timer in real time (a wire to an
     *                    endpoint outside Newt; see {@link WireServer})
     * @return its spec, named {@code config.name()}, mailbox {@value #WIRE_MAILBOX}
     */
    public static ServerSpec<WireServer.State> wire(final WireConfig config, final boolean handOverDue) {
        Objects.requireNonNull(config, "config");
        return ServerSpec.of(config.name(), WireServer.State.class, () -> new WireServer(config, handOverDue),
                WireServer.State::new)
            .withRecovery(RecoveryPolicy.CHECKPOINT)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE.withMinorWait(WIRE_MINOR_WAIT))
            .withMailboxCapacity(WIRE_MAILBOX);
    }

    /**
     * @param host the host whose nic it is
     * @return its spec, named {@code <host>.nic}, mailbox {@value #NIC_MAILBOX}, checkpointed at
     *         least every {@value #NIC_MINOR_WAIT} frames
     */
    public static ServerSpec<NicServer.State> nic(final HostConfig host) {
        Objects.requireNonNull(host, "host");
        return ServerSpec.of(host.server(HostNames.NIC), NicServer.State.class, () -> new NicServer(host),
                NicServer.State::new)
            .withRecovery(RecoveryPolicy.CHECKPOINT)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE.withMinorWait(NIC_MINOR_WAIT))
            .withMailboxCapacity(NIC_MAILBOX);
    }
}
