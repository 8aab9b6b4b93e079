package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.LongLived;
import dev.newt.core.server.RequestTimedOut;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request between servers that gets no answer ends at its deadline with a reply the requester can handle. */
class RequestDeadlineTest {

    /** A quick request. */
    record Ask(int n) { }

    /** A request that waits by design. */
    record Wait(int n) implements LongLived { }

    /** Sends what it is told to the sink as a request, and keeps every reply it gets. */
    static final class Requester implements Server<Requester.State> {
        static final class State {
            List<String> replies = new ArrayList<>();
        }

        @Override
        public State onStart(final ServerContext ctx, final State s, final StartReason r) {
            return s;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if (m.kind() == Envelope.Kind.REPLY) {
                s.replies.add(m.correlationId() + ":" + (m.payload() instanceof RequestTimedOut t
                    ? "timed out after " + t.deadline().toMillis() + " ms asking " + t.to() + " " + t.request()
                    : m.payload()));
            } else {
                ctx.request("sink", m.payload());
            }
            return s;
        }
    }

    /** Takes requests and answers only {@code Ask(0)}, after 50 ms... or never. */
    static final class Sink implements Server<Sink.State> {
        static final class State {
            List<Envelope> held = new ArrayList<>();
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if (m.payload().equals("release")) {
                s.held.forEach(h -> ctx.reply(h, "late"));
            } else if (m.payload() instanceof Ask a && a.n() == 0) {
                ctx.reply(m, "ok");
            } else {
                s.held.add(m);
            }
            return s;
        }
    }

    private static NewtRuntime runtime(final ServerSpec<Requester.State> requester) {
        return NewtRuntime.builder().seed(3).server(requester)
            .server(ServerSpec.of("sink", Sink.State.class, Sink::new, Sink.State::new)).build();
    }

    private static ServerSpec<Requester.State> requester() {
        return ServerSpec.of("req", Requester.State.class, Requester::new, Requester.State::new);
    }

    @Test
    void anUnansweredRequestTimesOutAtTheDefaultDeadlineAndTheEventLogSaysSo() {
        try (NewtRuntime rt = runtime(requester())) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("req", new Ask(0));
            c.send("req", new Ask(1));
            c.send("req", new Wait(2));
            rt.runFor(Duration.ofSeconds(4));
            assertThat(rt.checkpointedState("req", Requester.State.class).replies).containsExactly("1:ok");
            rt.runFor(Duration.ofSeconds(2));
            assertThat(rt.checkpointedState("req", Requester.State.class).replies)
                .containsExactly("1:ok", "2:timed out after 5000 ms asking sink Ask[n=1]");
            assertThat(rt.events().ofType(CustomEvent.class).stream()
                .filter(e -> e.kind().equals(EventKinds.REQUEST_TIMED_OUT))).singleElement().satisfies(e -> {
                    assertThat(e.server()).isEqualTo("req");
                    assertThat(e.time()).isBetween(5_000_000_000L, 5_001_000_000L);
                    assertThat(e.fields()).containsEntry("to", "sink").containsEntry("request", "Ask")
                        .containsEntry("correlationId", 2L).containsEntry("deadlineNanos", 5_000_000_000L);
                });
            // The answer that comes after the deadline is orphaned: the request is over. The
            // long-lived request had no deadline: its answer is the one it waited for.
            c.send("sink", "release");
            rt.runFor(Duration.ofMillis(10));
            assertThat(rt.checkpointedState("req", Requester.State.class).replies).containsExactly("1:ok",
                "2:timed out after 5000 ms asking sink Ask[n=1]", "3:late");
            assertThat(rt.events().ofType(ReplyOrphaned.class)).extracting(ReplyOrphaned::correlationId)
                .containsExactly(2L);
        }
    }

    @Test
    void answeredRequestsLeaveNoTimersBehind() {
        try (NewtRuntime rt = runtime(requester())) {
            rt.start();
            final NewtClient c = rt.client("test");
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 500; i++) {
                    c.send("req", new Ask(0));
                }
                rt.runFor(Duration.ofMillis(100));
            }
            assertThat(rt.checkpointedState("req", Requester.State.class).replies).hasSize(2000);
            // One deadline timer per server at a time, not one per request.
            assertThat(rt.timers().size()).isLessThanOrEqualTo(2);
            rt.runFor(Duration.ofSeconds(10));
            assertThat(rt.events().ofType(CustomEvent.class)).noneMatch(e -> e.kind()
                .equals(EventKinds.REQUEST_TIMED_OUT));
        }
    }

    @Test
    void aKindCanHaveItsOwnDeadlineAndALongLivedKindCanBeBounded() {
        try (NewtRuntime rt = runtime(requester().withRequestDeadline(Duration.ZERO)
            .withRequestDeadline(Wait.class, Duration.ofMillis(300)))) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("req", new Ask(1));
            c.send("req", new Wait(2));
            rt.runFor(Duration.ofSeconds(10));
            assertThat(rt.checkpointedState("req", Requester.State.class).replies)
                .containsExactly("2:timed out after 300 ms asking sink Wait[n=2]");
        }
    }
}
