package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.NoState;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A server with aliases is reached under each of them and can speak as each of them. */
class AliasTest {

    /**
     * Answers under the name it was addressed by: "echo" sends back, requests are answered, and
     * "ask:target" requests target as that name; "hold" requests are taken and never answered,
     * "crash" crashes it, "as:name" tries to speak as name.
     */
    static final class Multi implements Server<Multi.State> {
        static final class State {
            List<String> seen = new ArrayList<>();
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            final ServerContext me = ctx.as(m.to());
            final String p = String.valueOf(m.payload());
            if (m.kind() == Kind.REPLY) {
                s.seen.add("reply to " + m.to() + " from " + m.from() + ": " + p);
            } else if (p.equals("crash")) {
                throw new IllegalStateException("crash requested");
            } else if (p.equals("hold")) {
                s.seen.add("holding a request to " + m.to());
            } else if (p.startsWith("ask:")) {
                me.request(p.substring(4), "question from " + m.to());
            } else if (p.startsWith("as:")) {
                try {
                    ctx.as(p.substring(3));
                } catch (IllegalArgumentException e) {
                    s.seen.add(e.getMessage());
                }
            } else if (m.isRequest()) {
                me.reply(m, "answer from " + me.name());
            } else {
                me.send(m.from(), "echo from " + me.name());
            }
            return s;
        }
    }

    /** Requests "left" to hold on "go"; records the restart notices it gets. */
    static final class Asker implements Server<Asker.State> {
        static final class State {
            List<String> notices = new ArrayList<>();
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if ("go".equals(m.payload())) {
                ctx.request("left", "hold");
            }
            return s;
        }

        @Override
        public State onPeerRestarted(final ServerContext ctx, final State s, final PeerRestarted n) {
            s.notices.add(n.peer() + "#" + n.peerEpoch() + " " + n.pending().stream().map(r -> r.to()).toList());
            return s;
        }
    }

    private static ServerSpec<Multi.State> multi() {
        return ServerSpec.of("multi", Multi.State.class, Multi::new, Multi.State::new)
            .withAliases("left", "right").withBackoff(Backoff.NONE);
    }

    private static NewtRuntime runtime() {
        return NewtRuntime.builder().seed(4).server(multi())
            .server(ServerSpec.of("asker", Asker.State.class, Asker::new, Asker.State::new))
            .server(ServerSpec.of("watcher", Asker.State.class, Asker::new, Asker.State::new).withWatches("right"))
            .build();
    }

    @Test
    void messageToAnAliasReachesTheServerWhichAnswersAsThatAlias() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("left", "hi");
            c.send("multi", "hi");
            final CompletableFuture<Envelope> answer = c.request("right", "q");
            rt.runFor(Duration.ofMillis(1));
            final Envelope first = c.poll();
            assertThat(first.from()).isEqualTo("left");
            assertThat(first.payload()).isEqualTo("echo from left");
            assertThat(c.poll().from()).isEqualTo("multi");
            assertThat(Await.result(answer).from()).isEqualTo("right");
            assertThat(Await.result(answer).payload()).isEqualTo("answer from right");
            assertThat(rt.status("left")).isEqualTo(rt.status("multi"));
            assertThat(rt.status("right").handled()).isEqualTo(3);
        }
    }

    @Test
    void requestSentAsAnAliasIsRepliedToThatAlias() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            final NewtClient oracle = rt.client("oracle");
            rt.client("test").send("right", "ask:oracle");
            rt.runFor(Duration.ofMillis(1));
            final Envelope q = oracle.poll();
            assertThat(q.from()).isEqualTo("right");
            assertThat(q.payload()).isEqualTo("question from right");
            oracle.reply(q, 42);
            rt.runFor(Duration.ofMillis(1));
            assertThat(rt.checkpointedState("right", Multi.State.class).seen)
                .containsExactly("reply to right from oracle: 42");
        }
    }

    @Test
    void speakingAsANameTheServerDoesNotOwnIsRejected() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            rt.client("test").send("multi", "as:asker");
            rt.runFor(Duration.ofMillis(1));
            assertThat(rt.checkpointedState("multi", Multi.State.class).seen)
                .containsExactly("server 'multi' has no alias 'asker'; its aliases: [left, right]");
        }
    }

    @Test
    void restartIsAnnouncedUnderTheAliasThatWasAskedOrWatched() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("asker", "go");
            rt.runFor(Duration.ofMillis(1));
            c.send("multi", "crash");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.checkpointedState("asker", Asker.State.class).notices).containsExactly("left#2 [left]");
            assertThat(rt.checkpointedState("watcher", Asker.State.class).notices).containsExactly("right#2 []");
        }
    }

    @Test
    void aliasesCollidingWithOtherNamesAreRejectedNamingTheAlias() {
        final ServerSpec<NoState> plain = ServerSpec.of("left", NoState.class, () -> (ctx, s, m) -> s,
            () -> NoState.INSTANCE);
        assertThatThrownBy(() -> NewtRuntime.builder().server(multi()).server(plain))
            .hasMessage("duplicate server name 'left': already an alias of server 'multi'");
        assertThatThrownBy(() -> NewtRuntime.builder().server(plain).server(multi()))
            .hasMessage("duplicate name 'left': alias of server 'multi' and name of server 'left'");
        assertThatThrownBy(() -> NewtRuntime.builder().server(multi()).server(ServerSpec.of("other", NoState.class,
                () -> (ctx, s, m) -> s, () -> NoState.INSTANCE).withAliases("right")))
            .hasMessage("duplicate name 'right': alias of server 'other' and alias of server 'multi'");
        try (NewtRuntime rt = NewtRuntime.builder().server(multi()).build()) {
            assertThatThrownBy(() -> rt.client("right"))
                .hasMessage("duplicate endpoint name 'right'");
        }
    }

    @Test
    void badAliasesAreRejectedNamingTheServer() {
        assertThatThrownBy(() -> multi().withAliases("multi"))
            .hasMessage("server 'multi': alias 'multi' is the server's own name");
        assertThatThrownBy(() -> multi().withAliases("a", "a"))
            .hasMessage("server 'multi': alias 'a' is given twice");
        assertThatThrownBy(() -> multi().withAliases("a b"))
            .hasMessageStartingWith("server 'multi': invalid alias 'a b'");
        assertThatThrownBy(() -> multi().withAliases((String) null))
            .hasMessageStartingWith("server 'multi': invalid alias 'null'");
        assertThat(multi().withRecovery(dev.newt.core.server.RecoveryPolicy.FRESH).aliases())
            .containsExactly("left", "right");
    }
}
