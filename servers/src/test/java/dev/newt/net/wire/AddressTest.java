package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

    @Test
    void macAddressParsesAndFormatsColonForm() {
        final MacAddress m = MacAddress.parse("02:00:00:00:00:01");
        assertThat(m.bits()).isEqualTo(0x0200_0000_0001L);
        assertThat(m).hasToString("02:00:00:00:00:01");
        assertThat(MacAddress.parse("AA:bb:0c:d:EE:ff")).hasToString("aa:bb:0c:0d:ee:ff");
        assertThat(m.toBytes()).containsExactly(2, 0, 0, 0, 0, 1);
        assertThat(MacAddress.of(m.toBytes())).isEqualTo(m).hasSameHashCodeAs(m);
    }

    @Test
    void macBroadcastIsAllOnesAndMulticastToo() {
        assertThat(MacAddress.BROADCAST).hasToString("ff:ff:ff:ff:ff:ff");
        assertThat(MacAddress.parse("ff:ff:ff:ff:ff:ff").isBroadcast()).isTrue();
        assertThat(MacAddress.BROADCAST.isMulticast()).isTrue();
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
        assertThat(MacAddress.parse("02:00:00:00:00:01").isMulticast()).isFalse();
        assertThat(MacAddress.parse("02:00:00:00:00:01").isBroadcast()).isFalse();
    }

    @Test
    void macReadsAndWritesAtBufferPositions() {
        final ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 9);
        MacAddress.parse("de:ad:be:ef:00:42").writeTo(b);
        assertThat(b.position()).isEqualTo(7);
        assertThat(MacAddress.read(b, 1)).isEqualTo(MacAddress.parse("de:ad:be:ef:00:42"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:00:00:00:00", "02:00:00:00:00:01:02", "02:00:00:00:00:g1", "02:00:00:00:00:100",
        "02-00-00-00-00-01", "02:00:00::00:01"})
    void macRejectsMalformedText(final String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void macRejectsMoreThan48Bits() {
        assertThatThrownBy(() -> new MacAddress(1L << 48)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv4ParsesAndFormatsDottedQuad() {
        final Ipv4Address a = Ipv4Address.parse("192.168.0.199");
        assertThat(a.bits()).isEqualTo(0xc0a800c7);
        assertThat(a).hasToString("192.168.0.199");
        assertThat(Ipv4Address.of(192, 168, 0, 199)).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.toBytes()).containsExactly(0xc0, 0xa8, 0x00, 0xc7);
        assertThat(Ipv4Address.of(a.toBytes())).isEqualTo(a);
        assertThat(Ipv4Address.parse("255.255.255.255")).isEqualTo(Ipv4Address.BROADCAST);
        assertThat(Ipv4Address.parse("0.0.0.0")).isEqualTo(Ipv4Address.ANY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1.2..4", "01.2.3.4", "1.2.3.-4", "1.2.3.4 ",
        "a.b.c.d", "1.2.3.1000"})
    void ipv4RejectsMalformedText(final String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void netmaskCoversTheEdgesZeroAndThirtyTwo() {
        assertThat(Ipv4Address.netmask(0)).isZero();
        assertThat(Ipv4Address.netmask(8)).isEqualTo(0xff000000);
        assertThat(Ipv4Address.netmask(24)).isEqualTo(0xffffff00);
        assertThat(Ipv4Address.netmask(32)).isEqualTo(0xffffffff);
        assertThatThrownBy(() -> Ipv4Address.netmask(33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Address.netmask(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inSubnetComparesOnlyThePrefixBits() {
        final Ipv4Address host = Ipv4Address.parse("10.1.2.3");
        assertThat(host.inSubnet(Ipv4Address.parse("10.1.2.0"), 24)).isTrue();
        assertThat(host.inSubnet(Ipv4Address.parse("10.1.2.254"), 24)).isTrue(); // an interface address works
        assertThat(host.inSubnet(Ipv4Address.parse("10.1.3.0"), 24)).isFalse();
        assertThat(host.inSubnet(Ipv4Address.parse("10.1.3.0"), 22)).isTrue();
        assertThat(host.inSubnet(Ipv4Address.parse("172.16.0.0"), 0)).isTrue(); // default route
        assertThat(host.inSubnet(Ipv4Address.parse("10.1.2.3"), 32)).isTrue();
        assertThat(host.inSubnet(Ipv4Address.parse("10.1.2.4"), 32)).isFalse();
        // high addresses: the int is negative, which must not matter
        assertThat(Ipv4Address.parse("200.1.2.3").inSubnet(Ipv4Address.parse("200.1.0.0"), 16)).isTrue();
    }

    @Test
    void networkAndSubnetBroadcastOfASlash24() {
        final Ipv4Address host = Ipv4Address.parse("192.168.7.42");
        assertThat(host.network(24)).hasToString("192.168.7.0");
        assertThat(host.subnetBroadcast(24)).hasToString("192.168.7.255");
        assertThat(host.network(0)).isEqualTo(Ipv4Address.ANY);
        assertThat(host.subnetBroadcast(0)).isEqualTo(Ipv4Address.BROADCAST);
    }

    @Test
    void classifiersRecognizeBroadcastMulticastLoopback() {
        assertThat(Ipv4Address.BROADCAST.isLimitedBroadcast()).isTrue();
        assertThat(Ipv4Address.parse("224.0.0.1").isMulticast()).isTrue();
        assertThat(Ipv4Address.parse("239.255.255.255").isMulticast()).isTrue();
        assertThat(Ipv4Address.parse("240.0.0.1").isMulticast()).isFalse();
        assertThat(Ipv4Address.parse("127.0.0.1").isLoopback()).isTrue();
        assertThat(Ipv4Address.parse("128.0.0.1").isLoopback()).isFalse();
    }
}
