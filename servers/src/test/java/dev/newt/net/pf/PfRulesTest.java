package dev.newt.net.pf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

/** The rule text form: what parses to what, what fails and how the error names the rule and word. */
class PfRulesTest {
    private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    @Test
    void outboundUdpToOneHostAndPortParsesToEveryPart() {
        assertThat(PfRule.parse("allow out udp to 10.0.0.2 port 7")).isEqualTo(new PfRule(PfAction.ALLOW,
            PfDirection.OUT, PfProtocol.UDP, AddressMatch.ANY, PortRange.ANY, AddressMatch.host(B), PortRange.of(7)));
    }

    @Test
    void denyInAnyReadsAnyAsTheProtocol() {
        assertThat(PfRule.parse("deny in any")).isEqualTo(new PfRule(PfAction.DENY, PfDirection.IN,
            PfProtocol.ANY, AddressMatch.ANY, PortRange.ANY, AddressMatch.ANY, PortRange.ANY));
    }

    @Test
    void protocolIsOptionalAndWordsAreCaseInsensitive() {
        assertThat(PfRule.parse("ALLOW In FROM 10.0.0.0/8")).isEqualTo(new PfRule(PfAction.ALLOW, PfDirection.IN,
            PfProtocol.ANY, new AddressMatch(Ipv4Address.parse("10.0.0.0"), 8), PortRange.ANY, AddressMatch.ANY,
            PortRange.ANY));
    }

    @Test
    void sourceAndDestinationTakeSubnetsAndPortRanges() {
        final PfRule r = PfRule.parse("deny any tcp from 192.168.1.77/24 port 1024-65535 to any port 80");
        assertThat(r.direction()).isEqualTo(PfDirection.ANY);
        assertThat(r.protocol()).isEqualTo(PfProtocol.TCP);
        assertThat(r.source()).isEqualTo(new AddressMatch(Ipv4Address.parse("192.168.1.0"), 24));
        assertThat(r.sourcePorts()).isEqualTo(new PortRange(1024, 65535));
        assertThat(r.destination()).isEqualTo(AddressMatch.ANY);
        assertThat(r.destinationPorts()).isEqualTo(PortRange.of(80));
    }

    @Test
    void textFormRoundTrips() {
        for (String text : new String[] {"allow out udp to 10.0.0.2 port 7", "deny in any",
            "allow in tcp to any port 80", "deny any icmp from 10.0.0.0/8",
            "allow in udp from 10.0.0.2 port 53 to 10.0.0.1 port 1024-2047"}) {
            assertThat(PfRule.parse(text).toString()).isEqualTo(text);
        }
    }

    @Test
    void errorNamesTheRuleNumberAndTheOffendingWord() {
        assertThatThrownBy(() -> PfRules.of(PfAction.DENY, "allow out udp", "allow sideways udp"))
            .isInstanceOfSatisfying(PfRuleException.class, e -> {
                assertThat(e.ruleNumber()).isEqualTo(2);
                assertThat(e.word()).isEqualTo("sideways");
            })
            .hasMessage("rule 2: 'sideways' (word 2): expected in, out or any");
    }

    @Test
    void badWordsAreNamedWhereverTheyAre() {
        assertBad("permit in udp", "permit", "expected allow or deny");
        assertBad("allow in udpp", "udpp", "expected udp, tcp, icmp, any, from or to");
        assertBad("allow in udp to 10.0.0.300", "10.0.0.300", "not an address");
        assertBad("allow in udp to 10.0.0.0/33", "10.0.0.0/33", "not an address");
        assertBad("allow in udp to any port 70000", "70000", "port 70000 above 65535");
        assertBad("allow in udp to any port 90-80", "90-80", "not a port or port range");
        assertBad("allow in icmp to any port 7", "port", "icmp has no ports");
        assertBad("allow in udp port 7", "port", "a port must follow");
        assertBad("allow in udp to any from any", "from", "unexpected word");
    }

    @Test
    void missingWordsAreNamedByTheWordBeforeThem() {
        assertBad("allow", "allow", "expected in, out or any after 'allow'");
        assertBad("allow in udp to", "to", "expected an address or any after 'to'");
        assertBad("allow in udp to any port", "port", "expected a port or a range such as 1024-65535 after 'port'");
        assertThatThrownBy(() -> PfRule.parse("  ")).hasMessage("rule 1: empty rule; expected allow or deny");
    }

    @Test
    void multiLineTextSkipsCommentsAndBlankLinesAndNumbersOnlyRules() {
        final String text = """
            # a comment
            allow out udp   # trailing comment

            allow in tcp to any port 80
            deny in udp to any port x
            """;
        assertThatThrownBy(() -> PfRules.parse(PfAction.DENY, text))
            .isInstanceOfSatisfying(PfRuleException.class, e -> {
                assertThat(e.ruleNumber()).isEqualTo(3);
                assertThat(e.word()).isEqualTo("x");
            });
        final PfRules ok = PfRules.parse(PfAction.DENY, "# only\nallow out udp\n\nallow in tcp to any port 80\n");
        assertThat(ok.rules()).extracting(PfRule::toString)
            .containsExactly("allow out udp", "allow in tcp to any port 80");
        assertThat(ok.defaultAction()).isEqualTo(PfAction.DENY);
        assertThat(ok.keepState()).isTrue();
        assertThat(ok.idleTimeout()).isEqualTo(PfRules.DEFAULT_IDLE_TIMEOUT);
    }

    @Test
    void firstMatchingRuleDecidesAndTheDefaultCatchesTheRest() {
        final PfRules rules = PfRules.of(PfAction.ALLOW, "deny in udp from 10.0.0.2 port 53",
            "allow in udp", "deny in any");
        assertThat(rules.decide(udpIn(53, 1000))).isEqualTo(PfAction.DENY);
        assertThat(rules.decide(udpIn(54, 1000))).isEqualTo(PfAction.ALLOW);
        assertThat(rules.decide(new PfPacket(PfDirection.IN, IpProtocol.TCP, B, 5, A, 6))).isEqualTo(PfAction.DENY);
        assertThat(rules.decide(new PfPacket(PfDirection.OUT, IpProtocol.TCP, A, 6, B, 5))).isEqualTo(PfAction.ALLOW);
    }

    @Test
    void portRulesNeverMatchPortlessIcmpButAnyPortDoes() {
        final PfPacket icmp = new PfPacket(PfDirection.IN, IpProtocol.ICMP, B, PortRange.NONE, A, PortRange.NONE);
        assertThat(PfRule.parse("allow in any to any port 0-100").matches(icmp)).isFalse();
        assertThat(PfRule.parse("allow in any to any port 0-65535").matches(icmp)).isTrue();
        assertThat(PfRule.parse("allow in icmp from 10.0.0.0/30").matches(icmp)).isTrue();
        assertThat(PfRule.parse("allow in icmp from 10.0.0.4/30").matches(icmp)).isFalse();
    }

    private static PfPacket udpIn(final int sport, final int dport) {
        return new PfPacket(PfDirection.IN, IpProtocol.UDP, B, sport, A, dport);
    }

    private static void assertBad(final String rule, final String word, final String problem) {
        assertThatThrownBy(() -> PfRule.parse(rule))
            .isInstanceOfSatisfying(PfRuleException.class, e -> {
                assertThat(e.ruleNumber()).isEqualTo(1);
                assertThat(e.word()).isEqualTo(word);
            })
            .hasMessageStartingWith("rule 1: ")
            .hasMessageContaining(problem);
    }
}
