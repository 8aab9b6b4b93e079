package dev.newt.net.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.server.ServerSpec;
import dev.newt.net.link.WireServer;
import org.junit.jupiter.api.Test;

/** A host wired to an endpoint outside the topology, such as a TAP device's port. */
class WireToEndpointTest {

    @Test
    void theHostsLinkIsAWireToTheEndpointWithItsSettings() {
        final Topology t = Topology.builder().host("h", "10.77.0.2/24")
            .wireTo("h", "tap.newt0", w -> w.mtu(1400)).build();
        assertThat(t.host("h").link()).isEqualTo("wire.h-tap.newt0");
        final ServerSpec<?> wire = t.specs().get(0);
        assertThat(wire.name()).isEqualTo("wire.h-tap.newt0");
        final WireServer server = (WireServer) wire.newServer();
        assertThat(server.config().endA()).isEqualTo("h.nic");
        assertThat(server.config().endB()).isEqualTo("tap.newt0");
        assertThat(server.config().mtu()).isEqualTo(1400);
    }

    @Test
    void anEndpointThatIsAHostsServerOrAHostWithAnInterfaceAlreadyIsRefused() {
        assertThatThrownBy(() -> Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24")
            .wireTo("a", "b.nic", w -> w)).hasMessageContaining("'b.nic' is a name of a host's server");
        assertThatThrownBy(() -> Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24")
            .wire("a", "b").wireTo("a", "tap.x", w -> w)).hasMessageContaining("host 'a' already has its one interface");
        assertThatThrownBy(() -> Topology.builder().wireTo("nobody", "tap.x", w -> w))
            .hasMessageContaining("no host named 'nobody'");
    }
}
