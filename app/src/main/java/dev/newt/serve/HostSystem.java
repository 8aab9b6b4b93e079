package dev.newt.serve;

import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.StackServer;
import dev.newt.campaign.spec.SystemModel;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostConfig;
import dev.newt.net.pf.PfRules;
import dev.newt.net.tap.TapHost;
import dev.newt.net.tcp.TcpConfig;
import dev.newt.net.wire.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A {@code newt host} on a TAP device under the control API. Its stack servers (nic, ip, pf, udp,
 * tcp, sock) can be faulted and updated; fault requests are read as entries of a campaign file that
 * describes this one host, so they get the same messages as in a campaign file. The host's runtime
 * is threaded and already started: the driver only passes calls through, and the host is closed by
 * its owner.
 */
public final class HostSystem extends ControlledSystem {
    private static final String FILE = "newt-host";
    private final TapHost host;
    private final RuntimeDriver driver;
    private final SystemModel model;
    private final FaultRequests faultRequests;
    private final String noFaults;

    private HostSystem(final TapHost host, final String cidr) {
        this.host = host;
        this.driver = RuntimeDriver.started(host.runtime());
        // A campaign file needs a link and a workload: a peer host stands for the TAP device's side.
        // It is never built, and refusal() keeps requests to this host's own servers.
        final String name = host.host().name();
        final String peer = name.equals("linux") ? "linux-peer" : "linux";
        final HostConfig h = host.host();
        final int network = h.address().network(h.prefixLength()).bits();
        final int size = h.prefixLength() >= 31 ? 1 : 1 << (32 - h.prefixLength());
        // The next address of the subnet after the host's, past the network and broadcast addresses.
        int next = h.address().bits() - network;
        do {
            next = (next + 1) % Math.max(1, size);
        } while (size > 2 && (next == 0 || next == size - 1));
        final String peerAddress = new Ipv4Address(network + next) + "/" + h.prefixLength();
        final String content = String.format(Locale.ROOT, """
            name: %s
            seed: 1
            executor: threaded
            system:
              hosts:
                - {name: %s, address: %s}
                - {name: %s, address: %s}
              links:
                - {between: [%s, %s]}
            workloads:
              - {type: udp-echo, from: %s, to: %s, count: 1}
            """, FILE, name, cidr, peer, peerAddress, peer, name, peer, name);
        final CampaignReader.Result r = CampaignReader.read(FILE, content,
            CampaignReader.sha256(content.getBytes(StandardCharsets.UTF_8)));
        // A host that no campaign file can describe (a /31 or /32) still serves updates; faults say why not.
        this.model = r.valid() ? r.campaign().system() : null;
        this.faultRequests = r.valid() ? new FaultRequests(FILE, content) : null;
        this.noFaults = r.valid() ? null : "faults cannot be injected into host '" + name + "': it cannot be "
            + "described as a campaign's system: " + r.problems();
    }

    /**
     * @param host a running host
     * @param cidr its address and prefix, as given to it
     * @return it under control
     */
    public static HostSystem of(final TapHost host, final String cidr) {
        return new HostSystem(host, cidr);
    }

    @Override
    public NewtRuntime runtime() {
        return host.runtime();
    }

    @Override
    public String title() {
        return "host " + host.host().name() + " " + host.host().address() + " (tap " + host.link().device().name()
            + ")";
    }

    @Override
    RuntimeDriver driver() {
        return driver;
    }

    @Override
    SystemModel model() {
        return model;
    }

    @Override
    Object[] constructorArgs(final String server) {
        final HostConfig h = host.host();
        return switch (StackServer.of(server)) {
            case PF -> new Object[] {h, PfRules.allowAll()};
            case TCP -> new Object[] {h, TcpConfig.DEFAULTS};
            case WIRE -> throw new IllegalArgumentException("server '" + server + "': the wire to a TAP device "
                + "is the link's, not a server of the host");
            default -> new Object[] {h};
        };
    }

    @Override
    String refusal(final String server) {
        if (!server.startsWith(host.host().name() + ".")) {
            return "is not a server of host '" + host.host().name() + "'";
        }
        try {
            StackServer.of(server);
            return null;
        } catch (IllegalArgumentException e) {
            return "is not one of the host's stack servers (nic, ip, pf, udp, tcp, sock); applications cannot be "
                + "targets";
        }
    }

    @Override
    FaultRequests.Read readFault(final String jsonEntry) {
        return faultRequests == null ? new FaultRequests.Read(null, java.util.List.of(noFaults))
            : faultRequests.read(jsonEntry);
    }

    /** Closes the injectors of the faults injected; the host itself is closed by its owner. */
    @Override
    public void close() {
        closeInjectors();
    }
}
