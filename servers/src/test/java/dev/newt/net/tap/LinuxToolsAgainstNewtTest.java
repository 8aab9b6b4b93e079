package dev.newt.net.tap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The kernel's own tools, in the namespace, against a Newt host on the TAP device. */
class LinuxToolsAgainstNewtTest {

    @Test
    void linuxPingGetsAReplyToEveryEchoRequest() throws Exception {
        TapFixture.requireTool("ping");
        try (TapScenario s = TapScenario.start()) {
            // -w 20: ping waits up to 20 s for all five replies (not two round trips after the last); at load 30 one in five came late.
            final Command ping = s.ns.run(Duration.ofSeconds(30), "ping", "-c", "5", "-i", "0.2", "-W", "8", "-w", "20",
                TapNamespace.NEWT.toString());
            assertThat(ping.exitCode()).as("ping: %s%s", ping.stdout(), ping.stderr()).isZero();
            // With -w, ping sends on past five while replies are late and stops at the fifth reply, so
            // at most the last request is still unanswered when it ends.
            final java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\d+) packets transmitted, (\\d+) received").matcher(ping.stdout());
            assertThat(m.find()).as("ping: %s", ping.stdout()).isTrue();
            final int sent = Integer.parseInt(m.group(1));
            final int received = Integer.parseInt(m.group(2));
            assertThat(received).as("ping: %s", ping.stdout()).isGreaterThanOrEqualTo(5).isBetween(sent - 1, sent);
            assertThat(s.newt.stats(s.newt.link().endpoint(), Duration.ofSeconds(5)).get("rx.frames"))
                .isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void linuxCurlDownloadsFourMegabytesFromNewtWithTheRightSha256() throws Exception {
        try (TapScenario s = TapScenario.start()) {
            final Path got = s.curlFromNewt(TapScenario.PATH);
            assertThat(TapScenario.sha256(got)).isEqualTo(TapScenario.sha256(TapScenario.FILE));
        }
    }
}
