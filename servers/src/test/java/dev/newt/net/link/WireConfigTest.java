package dev.newt.net.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A wire's configuration: fluent building, defaults, and errors that name the wire and the field. */
class WireConfigTest {
    private static final WireConfig AB = WireConfig.between("wire.a-b", "a.nic", "b.nic");

    @Test
    void betweenGivesAPerfectWireAndEachStepChangesOneField() {
        assertThat(AB.latency()).isEqualTo(Duration.ZERO);
        assertThat(AB.bandwidthBitsPerSecond()).isZero();
        assertThat(AB.mtu()).isEqualTo(1500);
        assertThat(AB.loss() + AB.duplicate() + AB.reorder() + AB.corrupt()).isZero();
        assertThat(AB.capture()).isEmpty();

        final WireConfig cfg = AB.latency(Duration.ofMillis(2)).bandwidth(1_000_000).mtu(9000).loss(0.01)
            .duplicate(0.02).corrupt(0.03).reorder(0.04, Duration.ofMillis(5));
        assertThat(cfg).isEqualTo(new WireConfig("wire.a-b", "a.nic", "b.nic", Duration.ofMillis(2), 1_000_000,
            9000, 0.01, 0.02, 0.04, Duration.ofMillis(5), 0.03, Optional.empty()));
        assertThat(cfg.otherEnd("a.nic")).isEqualTo("b.nic");
        assertThat(cfg.otherEnd("b.nic")).isEqualTo("a.nic");
    }

    @Test
    void serializationTimeIsBitsOverBandwidthRoundedUp() {
        assertThat(AB.bandwidth(10_000_000).serializationNanos(1000)).isEqualTo(800_000);
        assertThat(AB.bandwidth(1_000_000_000).serializationNanos(1514)).isEqualTo(12_112);
        assertThat(AB.bandwidth(3).serializationNanos(1)).isEqualTo(2_666_666_667L); // 8/3 s, rounded up
        assertThat(AB.serializationNanos(1514)).as("unlimited").isZero();
        assertThat(AB.bandwidth(100_000_000_000L).serializationNanos(65535)).isEqualTo(5243);
    }

    @Test
    void everyBadFieldIsRejectedNamingTheWireAndTheField() {
        rejects(() -> AB.loss(1.5), "loss must be a probability in [0, 1], was 1.5");
        rejects(() -> AB.loss(-0.1), "loss");
        rejects(() -> AB.duplicate(Double.NaN), "duplicate must be a probability in [0, 1], was NaN");
        rejects(() -> AB.corrupt(2), "corrupt");
        rejects(() -> AB.reorder(1.1, Duration.ofMillis(1)), "reorder must be");
        rejects(() -> AB.reorder(0.1, Duration.ZERO), "reorderDelay must be positive when reorder is 0.1");
        rejects(() -> AB.reorder(0, Duration.ofMillis(-1)), "reorderDelay must be >= 0");
        rejects(() -> AB.latency(Duration.ofNanos(-1)), "latency must be >= 0");
        rejects(() -> AB.latency(null), "latency is required");
        rejects(() -> AB.bandwidth(-1), "bandwidthBitsPerSecond must be >= 0");
        rejects(() -> AB.mtu(67), "mtu must be 68..65521, was 67");
        rejects(() -> AB.mtu(65522), "mtu must be 68..65521");
        rejects(() -> WireConfig.between("wire.a-b", "a.nic", "a.nic"), "endA and endB must differ");
        rejects(() -> WireConfig.between("wire.a-b", "wire.a-b", "b.nic"), "an end cannot be the wire itself");
        rejects(() -> WireConfig.between("wire.a-b", "a.nic", " "), "endB is required");
        rejects(() -> AB.otherEnd("c.nic"), "'c.nic' is not an end of it");
        rejects(() -> AB.bandwidth(1).serializationNanos(-1), "frame length -1");
        assertThatThrownBy(() -> WireConfig.between(null, "a.nic", "b.nic"))
            .hasMessageContaining("name is required");
    }

    private static void rejects(final Supplier<?> build, final String message) {
        assertThatThrownBy(build::get)
            .isInstanceOf(RuntimeException.class)
            .hasMessageStartingWith("wire 'wire.a-b': ")
            .hasMessageContaining(message);
    }

    @Test
    void wireSpecHasTheWiresNameAndAMailboxForBursts() {
        final var spec = LinkSpecs.wire(AB);
        assertThat(spec.name()).isEqualTo("wire.a-b");
        assertThat(spec.mailboxCapacity()).isEqualTo(4096);
        assertThat(spec.newServer()).isInstanceOf(WireServer.class);
        assertThat(spec.newServer()).isNotSameAs(spec.newServer());
        assertThat(spec.initialState().ab.framesIn).isZero();
    }
}
