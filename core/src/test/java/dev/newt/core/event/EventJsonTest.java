package dev.newt.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJsonTest {

    static final List<Event> ALL = List.of(
        new ServerStarted(1, "ip", 1, "FIRST_START"),
        new ServerStopped(2, "ip", 1),
        new ServerCrashed(3, "ip", 1, "java.lang.IllegalStateException", "boom", "Packet"),
        new HangDetected(4, "tcp", 2, 50_000_000),
        new CorruptionDetected(5, "pf", 1, "negative count"),
        new ServerRestarted(6, "ip", 1, 2, "checkpoint+replay", 1234, 3, 1),
        new RestartFailed(7, "ip", 3, "checkpoint", "cannot restore"),
        new GaveUp(8, "ip", 3, 5_000_000_000L, "crash"),
        new CheckpointFailed(9, "ip", 1, "cannot serialize"),
        new MessageFenced(10, "ip", 1, "udp"),
        new ReplyOrphaned(11, "sock", 2, "udp", 77),
        new StaleRequestDropped(11, "tcp", 3, "sock", 78),
        new PeerRestartNotified(12, "sock", "udp", 3, 2),
        new RuntimeError(12, "supervisor", "java.lang.NullPointerException", "null", "dev.newt.X.y(X.java:1)"),
        new CustomEvent(13, "bulk", EventKinds.WORKLOAD_METRIC, Map.of("bytes", 1024, "bin", "0-100ms")));

    @Test
    void everyEventTypeRoundTripsThroughJsonLines() {
        for (Event e : ALL) {
            final String line = EventJson.toLine(e);
            assertThat(line).doesNotContain("\n").contains("\"type\":");
            assertThat(EventJson.fromLine(line)).isEqualTo(e);
        }
    }

    @Test
    void eventLogFileIsReadBackAsTypedEvents(@TempDir final Path dir) {
        final Path file = dir.resolve("events.jsonl");
        try (EventLog log = new EventLog(file)) {
            ALL.forEach(log::record);
        }
        assertThat(EventJson.read(file)).isEqualTo(ALL);
    }

    @Test
    void badLineIsReportedWithItsLineNumber() {
        final String text = EventJson.toLine(ALL.get(0)) + "\n" + "{\"type\":\"nonsense\",\"time\":1}\n";
        assertThatThrownBy(() -> EventJson.read("run/events.jsonl", new StringReader(text)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("run/events.jsonl:2:");
    }

    @Test
    void equalLogsHashEqual(@TempDir final Path dir) throws Exception {
        final EventLog a = new EventLog();
        final EventLog b = new EventLog(dir.resolve("b.jsonl"));
        ALL.forEach(a::record);
        ALL.forEach(b::record);
        b.close();
        assertThat(a.sha256()).isEqualTo(b.sha256());
        assertThat(Files.readString(dir.resolve("b.jsonl"))).isEqualTo(a.toJsonLines());
    }
}
