package dev.newt.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A crash says where: the server's own frames, innermost first, read back from old logs too. */
class ServerCrashedTest {
    private static StackTraceElement frame(final String cls, final String method, final int line) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
    }

    @Test
    void keepsTheServersFramesAboveTheRuntimeAndSkipsTheJdkAndTheInjector() {
        final IllegalStateException e = new IllegalStateException("window < 0");
        e.setStackTrace(new StackTraceElement[] {
            frame("java.util.HashMap", "get", 10),
            frame("dev.newt.faults.inject.Fire", "crash", 20),
            frame("dev.newt.net.tcp.Connection", "onAck", 312),
            frame("dev.newt.net.tcp.TcpServer", "handle", 120),
            frame("dev.newt.core.runtime.ServerSlot", "deliver", 270),
            frame("dev.newt.net.Other", "notTheServers", 1)});
        final ServerCrashed c = ServerCrashed.of(7, "b.tcp", 2, e, "Segment");
        assertThat(c.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(c.frames()).containsExactly("dev.newt.net.tcp.Connection.onAck(Connection.java:312)",
            "dev.newt.net.tcp.TcpServer.handle(TcpServer.java:120)");
        assertThat(c.where()).isEqualTo("IllegalStateException: window < 0 at "
            + "dev.newt.net.tcp.Connection.onAck(Connection.java:312) < dev.newt.net.tcp.TcpServer.handle(TcpServer.java:120)");
    }

    @Test
    void keepsAtMostFiveFrames() {
        final RuntimeException e = new RuntimeException("deep");
        final StackTraceElement[] deep = new StackTraceElement[9];
        for (int i = 0; i < deep.length; i++) {
            deep[i] = frame("dev.newt.net.ip.IpServer", "f" + i, i);
        }
        e.setStackTrace(deep);
        assertThat(ServerCrashed.of(1, "a.ip", 1, e, "Packet").frames()).hasSize(ServerCrashed.FRAMES);
    }

    @Test
    void roundTripsWithFramesAndReadsALogLineWrittenBeforeThem() {
        final ServerCrashed c = new ServerCrashed(3, "ip", 1, "E", "boom", "Packet", List.of("a.B.c(B.java:1)"));
        assertThat(EventJson.fromLine(EventJson.toLine(c))).isEqualTo(c);
        final String old = "{\"type\":\"crashed\",\"during\":\"Packet\",\"epoch\":1,\"error\":\"E\",\"message\":\"boom\","
            + "\"server\":\"ip\",\"time\":3}";
        assertThat(EventJson.fromLine(old)).isEqualTo(new ServerCrashed(3, "ip", 1, "E", "boom", "Packet"));
        assertThat(((ServerCrashed) EventJson.fromLine(old)).frames()).isEmpty();
    }
}
