package dev.newt.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The frame fuzzing soak, small: every frame accounted for, drops counted by reason, nothing crashed. */
class FuzzSuiteTest {
    @Test
    void twoThousandFramesAreAllAccountedForAndTheDropTableIsPrinted() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final FuzzSuite.Result r = FuzzSuite.soak(2_000, 0xF022L, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(r.frames()).isEqualTo(2_000);
        final long nicDrops = r.drops().entrySet().stream().filter(e -> e.getKey().startsWith("nic."))
            .mapToLong(e -> e.getValue()).sum();
        assertThat(r.nicDelivered() + nicDrops).isEqualTo(2_000);
        assertThat(r.drops().get("ip.BAD_CHECKSUM")).isPositive();
        assertThat(r.framesPerSecond()).isPositive();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("frames/s").contains("ip.BAD_CHECKSUM");
    }

    @Test
    void theSameSeedDropsTheSameFrames() {
        final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(FuzzSuite.soak(1_000, 5L, quiet).drops()).isEqualTo(FuzzSuite.soak(1_000, 5L, quiet).drops());
    }
}
