package dev.newt.net.pf;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.stats.Counters;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.PacketBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The packet filter of one host, between ip and the transports. Inbound datagrams
 * ({@link IpInbound} from ip) that pass go to the transport server of their protocol; outbound
 * ones ({@link IpOutbound} from a transport) that pass go to ip. Each is checked against the
 * {@link PfRules}, first match wins; with connection tracking, the reply to a packet allowed out
 * passes in whatever the rules say, and the reply to a packet an allow rule let in passes out
 * whatever they say, for as long as its flow is live (the rule grammar: docs/CAMPAIGNS.md).
 *
 * <p>The flow table is the state, so a filter restored from a checkpoint still lets the replies of
 * its flows in, while one restarted fresh has forgotten them and blocks them under a default deny.
 *
 * <p>Counters: {@code passed.in}, {@code passed.out}, {@code blocked.in}, {@code blocked.out},
 * {@code passed.in.state} (inbound passed by a flow), {@code passed.out.state} (outbound the
 * rules deny, passed by a flow), {@code flows} (live now),
 * {@code flows.created}, {@code flows.expired}, {@code flows.overflow} (not tracked: table full),
 * {@code drop.<REASON>} and {@code unexpected} (messages of a type pf does not handle). The 1st,
 * 10th, 100th, ... packet blocked in a direction is also an event ({@link EventKinds#PF_BLOCKED}).
 */
public final class PfServer implements Server<PfServer.State> {

    /**
     * The checkpointed state: the flow table and the counters. Checkpointed by parts
     * ({@link PfParts}): the counters are the root, the flows are spread over buckets.
     */
    public static final class State {
        /** Live flows by {@link Flow#key()}. */
        @JsonDeserialize(as = FlowTable.class)
        public TreeMap<String, Flow> flows = new FlowTable();
        /** Counters by name. */
        public Counters counters = new Counters();
    }

    /** The payload of the timer that sweeps idle flows out of the table. */
    record Sweep() {
    }

    /** Flows the audit checks per call, resuming where the last call stopped. */
    static final int AUDIT_BATCH = 64;

    private final HostConfig config;
    private final PfRules rules;
    /**
     * The names of the servers pf sends to, built once: building one per packet made a new string
     * whose hash the endpoint map computed again at every send.
     */
    private final String ip;
    private final String udp;
    private final String tcp;
    /** The key after which the next audit resumes; null: from the first. Not state: a position. */
    private String auditAfter;
    /**
     * No flow can expire before this time ({@code ctx.now()}): the oldest last-seen time the last
     * sweep left, plus the idle timeout. A full table is not swept again before it, since the sweep
     * would find nothing (under short connections a full table was swept, all 4,096 flows, for
     * every new connection). Not state: 0 in a new incarnation, whose first sweep sets it.
     */
    private long noExpiryBefore;

    /** Whether the message being handled added or removed a flow. Not state: of one handler. */
    private boolean flowsChanged;

    /**
     * Packets in a row that add or remove no flow (they change only counters and last-seen times)
     * that a checkpoint may wait for.
     */
    public static final int MINOR_WAIT = 64;

    /**
     * @param config the host
     * @param rules  the filter's rules and settings
     */
    public PfServer(final HostConfig config, final PfRules rules) {
        this.config = Objects.requireNonNull(config, "config");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.ip = config.server(HostNames.IP);
        this.udp = config.server(HostNames.UDP);
        this.tcp = config.server(HostNames.TCP);
    }

    /**
     * The spec of a host's filter with the defaults: named {@code <host>.pf}, restored from a
     * checkpoint taken after every message that adds or removes a flow, so that a restart keeps its
     * flows, and at least every {@value #MINOR_WAIT} other packets (see {@link #minorUnlessFlowsChanged});
     * checkpointed by parts ({@link PfParts}), so that a checkpoint costs the counters and the flows
     * touched since the last.
     *
     * @param config the host
     * @param rules  the filter's rules and settings
     * @return the spec
     */
    public static ServerSpec<State> spec(final HostConfig config, final PfRules rules) {
        return ServerSpec.of(config.server(HostNames.PF), State.class, () -> new PfServer(config, rules),
            State::new).withPartCodec(new PfParts())
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE.withMinorWait(MINOR_WAIT));
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (rules.keepState()) {
            ctx.setTimer(rules.idleTimeout(), new Sweep());
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        flowsChanged = false;
        if (p instanceof IpInbound in) {
            inbound(ctx, s, in);
            minorUnlessFlowsChanged(ctx);
        } else if (p instanceof IpOutbound out) {
            outbound(ctx, s, out);
            minorUnlessFlowsChanged(ctx);
        } else if (p instanceof StatsQuery && m.isRequest()) {
            ctx.stateUnchanged(); // stats are read from a copy of the counters
            ctx.reply(m, stats(ctx, s));
        } else if (p instanceof Sweep && m.kind() == Envelope.Kind.TIMER) {
            sweep(ctx, s);
            if (!flowsChanged) {
                ctx.stateUnchanged(); // nothing expired
            }
            ctx.setTimer(rules.idleTimeout(), new Sweep());
        } else {
            s.counters.count("unexpected");
        }
        return s;
    }

    /**
     * A packet that added or removed no flow changed only counters and its flow's last-seen time:
     * a minor change ({@link ServerContext#minorChange}), whose checkpoint may wait for up to
     * {@value #MINOR_WAIT} such packets. A restore from a checkpoint may then find a flow's last-seen
     * time that much older, so the flow may expire that much earlier (and is made again by the next
     * packet out).
     */
    private void minorUnlessFlowsChanged(final ServerContext ctx) {
        if (!flowsChanged) {
            ctx.minorChange();
        }
    }

    /**
     * Checks the table's size and that flows are filed under their own keys: all of them when the
     * table holds at most {@value #AUDIT_BATCH}, else the next {@value #AUDIT_BATCH} after where the
     * last audit stopped, round the table (a batch that reaches the end is short). The audit runs before every checkpoint (after every
     * message), so a whole-table walk would cost what exists rather than what changed; this bound
     * still reaches every flow within {@code size / 64} audits.
     */
    @Override
    public Optional<String> audit(final State s) {
        if (s.flows.size() > rules.maxFlows()) {
            return Optional.of(s.flows.size() + " flows tracked, above the bound of " + rules.maxFlows());
        }
        if (s.flows.size() <= AUDIT_BATCH) {
            auditAfter = null;
            return auditEntries(s.flows.entrySet());
        }
        return auditEntries(auditAfter == null ? s.flows.entrySet() : s.flows.tailMap(auditAfter, false).entrySet());
    }

    /**
     * Audits up to {@value #AUDIT_BATCH} entries, remembering the last one; at the table's end
     * clears the position, so that the next audit starts again from the first.
     */
    private Optional<String> auditEntries(final Iterable<Map.Entry<String, Flow>> entries) {
        int left = AUDIT_BATCH;
        for (Map.Entry<String, Flow> e : entries) {
            if (left-- <= 0) {
                return Optional.empty();
            }
            auditAfter = e.getKey();
            if (!e.getValue().hasKey(e.getKey())) {
                return Optional.of("flow filed under '" + e.getKey() + "' is " + e.getValue().key());
            }
        }
        auditAfter = null;
        return Optional.empty();
    }

    private void inbound(final ServerContext ctx, final State s, final IpInbound in) {
        final PacketBuffer packet = in.datagram().verify();
        final int hl = in.headerLength();
        if (hl < Ipv4Packet.MIN_HEADER_LENGTH || hl > Ipv4Packet.MAX_HEADER_LENGTH) {
            s.counters.drop(DropReason.BAD_HEADER_LENGTH);
            return;
        }
        final PfPacket pkt = packet(PfDirection.IN, in.protocol(), in.source(), in.destination(), packet, hl);
        if (pkt == null) {
            s.counters.drop(DropReason.TRUNCATED);
            return;
        }
        if (rules.keepState()) {
            final String key = Flow.key(pkt.protocol(), pkt.destination().toString(), pkt.destinationPort(),
                pkt.source().toString(), pkt.sourcePort());
            final Flow flow = s.flows.get(key);
            if (flow != null) {
                ctx.partChanged(FlowTable.bucketOf(key));
                if (expired(ctx, flow)) {
                    s.flows.remove(key);
                    flowsChanged = true;
                    s.counters.count("flows.expired");
                } else {
                    flow.lastSeen = ctx.now();
                    s.counters.count("passed.in.state");
                    pass(ctx, s, pkt, in);
                    return;
                }
            }
        }
        final PfRule rule = rules.firstMatch(pkt);
        if (rule == null ? rules.defaultAction() == PfAction.ALLOW : rule.action() == PfAction.ALLOW) {
            if (rule != null && rules.keepState()) {
                // A flow opened inbound by an allow rule: its replies may leave whatever the rules say.
                track(ctx, s, pkt.protocol(), pkt.destination().toString(), pkt.destinationPort(),
                    pkt.source().toString(), pkt.sourcePort());
            }
            pass(ctx, s, pkt, in);
        } else {
            blocked(ctx, s, "in", pkt);
        }
    }

    /**
     * Counts a blocked packet and says so in the event log at the 1st, 10th, 100th, ... of its
     * direction: a few events however many are blocked, enough for a failed golden run to say why.
     */
    private static void blocked(final ServerContext ctx, final State s, final String direction, final PfPacket pkt) {
        final String counter = "blocked." + direction;
        s.counters.count(counter);
        final long n = s.counters.value(counter);
        if (Long.toString(n).matches("10*")) {
            ctx.emit(new CustomEvent(ctx.now(), ctx.name(), EventKinds.PF_BLOCKED, Map.of("direction", direction,
                "blocked", n, "packet", Flow.key(pkt.protocol(), pkt.source().toString(), pkt.sourcePort(),
                    pkt.destination().toString(), pkt.destinationPort()))));
        }
    }

    private void pass(final ServerContext ctx, final State s, final PfPacket pkt, final IpInbound in) {
        s.counters.count("passed.in");
        final String transport = transportOf(pkt.protocol());
        if (transport == null) {
            s.counters.drop(DropReason.UNKNOWN_PROTOCOL);
            return;
        }
        try {
            if (!ctx.send(transport, in)) {
                s.counters.drop(DropReason.NO_BUFFER_SPACE);
            }
        } catch (IllegalArgumentException noSuchServer) {
            // The host runs no server for this protocol (tcp may not exist yet).
            s.counters.drop(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    private String transportOf(final int protocol) {
        if (protocol == IpProtocol.UDP) {
            return udp;
        }
        if (protocol == IpProtocol.TCP) {
            return tcp;
        }
        return null;
    }

    private void outbound(final ServerContext ctx, final State s, final IpOutbound out) {
        // ANY asks ip to choose the source: the host has one interface, so it will be ours.
        final Ipv4Address local = out.source().equals(Ipv4Address.ANY) ? config.address() : out.source();
        final PfPacket pkt = packet(PfDirection.OUT, out.protocol(), local, out.destination(), out.segment().verify(), 0);
        if (pkt == null) {
            s.counters.drop(DropReason.TRUNCATED);
            return;
        }
        if (rules.decide(pkt) != PfAction.ALLOW && !outOfTrackedFlow(ctx, s, pkt)) {
            blocked(ctx, s, "out", pkt);
            return;
        }
        s.counters.count("passed.out");
        if (rules.keepState()) {
            track(ctx, s, pkt);
        }
        if (!ctx.send(ip, out)) {
            s.counters.drop(DropReason.NO_BUFFER_SPACE);
        }
    }

    /**
     * A packet the rules deny out may still leave as part of a live flow (one an allow rule opened
     * inbound: a server's replies). Checked only after a deny, so allowed traffic is unchanged.
     */
    private boolean outOfTrackedFlow(final ServerContext ctx, final State s, final PfPacket pkt) {
        if (!rules.keepState()) {
            return false;
        }
        final Flow flow = s.flows.get(Flow.key(pkt.protocol(), pkt.source().toString(), pkt.sourcePort(),
            pkt.destination().toString(), pkt.destinationPort()));
        if (flow == null || expired(ctx, flow)) {
            return false;
        }
        s.counters.count("passed.out.state");
        return true;
    }

    private void track(final ServerContext ctx, final State s, final PfPacket pkt) {
        track(ctx, s, pkt.protocol(), pkt.source().toString(), pkt.sourcePort(), pkt.destination().toString(),
            pkt.destinationPort());
    }

    private void track(final ServerContext ctx, final State s, final int protocol, final String local,
                       final int localPort, final String remote, final int remotePort) {
        final String key = Flow.key(protocol, local, localPort, remote, remotePort);
        final Flow flow = s.flows.get(key);
        if (flow != null) {
            flow.lastSeen = ctx.now();
            ctx.partChanged(FlowTable.bucketOf(key));
            return;
        }
        if (s.flows.size() >= rules.maxFlows()) {
            if (ctx.now() > noExpiryBefore) {
                sweep(ctx, s);
            }
            if (s.flows.size() >= rules.maxFlows()) {
                s.counters.count("flows.overflow");
                return;
            }
        }
        s.flows.put(key, new Flow(protocol, local, localPort, remote, remotePort, ctx.now()));
        flowsChanged = true;
        ctx.partChanged(FlowTable.bucketOf(key));
        s.counters.count("flows.created");
    }

    /**
     * @return the packet as the filter sees it, or null when a protocol with ports has fewer than
     *         four bytes of transport header at {@code offset}
     */
    private static PfPacket packet(final PfDirection dir, final int protocol, final Ipv4Address src,
                                   final Ipv4Address dst, final PacketBuffer bytes, final int offset) {
        if (!PfProtocol.hasPorts(protocol)) {
            if (offset > bytes.length()) {
                return null;
            }
            return new PfPacket(dir, protocol, src, PortRange.NONE, dst, PortRange.NONE);
        }
        if (bytes.length() - offset < 4) {
            return null;
        }
        final int sport = ((bytes.get(offset) & 0xFF) << 8) | (bytes.get(offset + 1) & 0xFF);
        final int dport = ((bytes.get(offset + 2) & 0xFF) << 8) | (bytes.get(offset + 3) & 0xFF);
        return new PfPacket(dir, protocol, src, sport, dst, dport);
    }

    private boolean expired(final ServerContext ctx, final Flow flow) {
        return ctx.now() - flow.lastSeen > rules.idleTimeout().toNanos();
    }

    private void sweep(final ServerContext ctx, final State s) {
        // By key, not through an iterator, so that the table's bucket index follows.
        final List<String> gone = new ArrayList<>();
        final long[] oldest = {Long.MAX_VALUE};
        s.flows.forEach((key, flow) -> {
            if (expired(ctx, flow)) {
                gone.add(key);
            } else {
                oldest[0] = Math.min(oldest[0], flow.lastSeen);
            }
        });
        noExpiryBefore = oldest[0] == Long.MAX_VALUE ? 0 : oldest[0] + rules.idleTimeout().toNanos();
        for (String key : gone) {
            s.flows.remove(key);
            flowsChanged = true;
            ctx.partChanged(FlowTable.bucketOf(key));
            s.counters.count("flows.expired");
        }
    }

    private Stats stats(final ServerContext ctx, final State s) {
        final Counters c = s.counters.copy();
        c.put("flows", (long) s.flows.size());
        return c.toStats(ctx.name());
    }

}
