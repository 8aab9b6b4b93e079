package dev.newt.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Specs are validated up front, and every error names the server and the setting. */
class ServerSpecTest {
    private static ServerSpec<NoState> spec(final String name) {
        return ServerSpec.of(name, NoState.class, () -> (ctx, s, m) -> s, () -> NoState.INSTANCE);
    }

    @Test
    void invalidNamesAreRejectedByName() {
        assertThatThrownBy(() -> spec("")).hasMessageContaining("invalid server name ''");
        assertThatThrownBy(() -> spec("a b")).hasMessageContaining("invalid server name 'a b'");
        assertThat(spec("tcp-1.v2").name()).isEqualTo("tcp-1.v2");
        // A replica of a host's stack server: '#' and its index, at the end only.
        assertThat(spec("a.tcp#1").name()).isEqualTo("a.tcp#1");
        assertThatThrownBy(() -> spec("a#1.tcp")).hasMessageContaining("invalid server name 'a#1.tcp'");
        assertThatThrownBy(() -> spec("a.tcp#")).hasMessageContaining("invalid server name 'a.tcp#'");
        assertThatThrownBy(() -> spec("a.tcp#x")).hasMessageContaining("invalid server name 'a.tcp#x'");
    }

    @Test
    void badSettingsNameTheServerAndTheSetting() {
        assertThatThrownBy(() -> spec("ip").withMailboxCapacity(1))
            .hasMessage("server 'ip': mailboxCapacity must be >= 2, was 1");
        assertThatThrownBy(() -> spec("ip").withHangDeadline(Duration.ZERO))
            .hasMessage("server 'ip': hangDeadline must be positive, was PT0S");
        assertThatThrownBy(() -> spec("ip").withAuditEvery(-1))
            .hasMessage("server 'ip': auditEveryMessages must be >= 0, was -1");
        assertThatThrownBy(() -> new RestartIntensity(-1, Duration.ofSeconds(1)))
            .hasMessageContaining("maxRestarts must be >= 0");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .hasMessageContaining("max back-off PT1S is below initial PT2S");
    }

    @Test
    void recoveryPolicyLabelsParseAndUnknownOnesListTheValidOnes() {
        assertThat(RecoveryPolicy.fromLabel("checkpoint+replay")).isEqualTo(RecoveryPolicy.CHECKPOINT_REPLAY);
        assertThatThrownBy(() -> RecoveryPolicy.fromLabel("chekpoint"))
            .hasMessage("unknown recovery policy 'chekpoint'; valid: fresh, checkpoint, checkpoint+replay");
    }

    @Test
    void backoffDoublesUpToItsCeiling() {
        final Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5));
        assertThat(b.delayNanos(0)).isEqualTo(1_000_000);
        assertThat(b.delayNanos(1)).isEqualTo(2_000_000);
        assertThat(b.delayNanos(2)).isEqualTo(4_000_000);
        assertThat(b.delayNanos(3)).isEqualTo(5_000_000);
        assertThat(b.delayNanos(60)).isEqualTo(5_000_000);
    }
}
