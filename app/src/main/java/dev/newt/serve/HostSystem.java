package dev.newt.serve;

import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.StackServer;
import dev.newt.campaign.spec.SystemModel;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.host.HostConfig;
import dev.newt.net.pf.PfRules;
import dev.newt.net.tap.TapHost;
import dev.newt.net.tcp.TcpConfig;
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

    private HostSystem(final TapHost host, final String cidr) {
        this.host = host;
        this.driver = RuntimeDriver.started(host.runtime());
        final String content = String.format(Locale.ROOT, """
            name: %s
            seed: 1
            executor: threaded
            system:
              hosts:
                - {name: %s, address: %s}
            """, FILE, host.host().name(), cidr);
        final CampaignReader.Result r = CampaignReader.read(FILE, content,
            CampaignReader.sha256(content.getBytes(StandardCharsets.UTF_8)));
        if (!r.valid()) {
            throw new IllegalArgumentException("host '" + host.host().name() + "' cannot be described as a campaign's "
                + "system: " + r.problems());
        }
        this.model = r.campaign().system();
        this.faultRequests = new FaultRequests(FILE, content);
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
        return faultRequests.read(jsonEntry);
    }

    /** Closes the injectors of the faults injected; the host itself is closed by its owner. */
    @Override
    public void close() {
        closeInjectors();
    }
}
