package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.PeerRestartNotified;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.NoState;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A requester learns that the receiver died holding its request, and resubmits or fails it. */
class RequestResubmissionTest {

    /** Squares numbers; its first {@code crashes} requests crash it (a transient fault). */
    static final class Squarer implements Server<NoState> {
        private final AtomicInteger crashes;

        Squarer(final AtomicInteger crashes) {
            this.crashes = crashes;
        }

        @Override
        public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
            if (crashes.getAndDecrement() > 0) {
                throw new IllegalStateException("transient fault");
            }
            final int n = (Integer) m.payload();
            ctx.reply(m, n * n);
            return s;
        }
    }

    /** Asks the squarer for 3*3 on "go"; records replies, and failures when told to give up. */
    static final class Asker implements Server<Asker.State> {
        static final class State {
            List<Integer> answers = new ArrayList<>();
            int failed;
        }

        private final boolean resubmit;

        Asker(final boolean resubmit) {
            this.resubmit = resubmit;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if (m.kind() == Kind.REPLY) {
                s.answers.add((Integer) m.payload());
            } else {
                assertThat(ctx.request("squarer", 3)).isPresent();
            }
            return s;
        }

        @Override
        public State onPeerRestarted(final ServerContext ctx, final State s, final PeerRestarted notice) {
            if (resubmit) {
                notice.pending().forEach(ctx::resubmit);
            } else {
                s.failed += notice.pending().size();
            }
            return s;
        }
    }

    private static NewtRuntime runtime(final boolean resubmit, final AtomicInteger crashes) {
        return NewtRuntime.builder().seed(3)
            .server(ServerSpec.of("squarer", NoState.class, () -> new Squarer(crashes), () -> NoState.INSTANCE)
                .withRecovery(RecoveryPolicy.FRESH))
            .server(ServerSpec.of("asker", Asker.State.class, () -> new Asker(resubmit), Asker.State::new))
            .build();
    }

    @Test
    void requestTakenByACrashedReceiverIsResubmittedToItsNewIncarnation() {
        try (NewtRuntime rt = runtime(true, new AtomicInteger(1))) {
            rt.start();
            rt.client("test").send("asker", "go");
            rt.runFor(Duration.ofMillis(10));
            final PeerRestartNotified n = rt.events().ofType(PeerRestartNotified.class).get(0);
            assertThat(n.server()).isEqualTo("asker");
            assertThat(n.peer()).isEqualTo("squarer");
            assertThat(n.peerEpoch()).isEqualTo(2);
            assertThat(n.pending()).isEqualTo(1);
            assertThat(rt.checkpointedState("asker", Asker.State.class).answers).containsExactly(9);
        }
    }

    @Test
    void requesterMayFailTheRequestInstead() {
        try (NewtRuntime rt = runtime(false, new AtomicInteger(1))) {
            rt.start();
            rt.client("test").send("asker", "go");
            rt.runFor(Duration.ofMillis(10));
            final Asker.State s = rt.checkpointedState("asker", Asker.State.class);
            assertThat(s.answers).isEmpty();
            assertThat(s.failed).isEqualTo(1);
        }
    }

    @Test
    void requestsStillQueuedAreServedByTheNewIncarnationNotResubmitted() {
        try (NewtRuntime rt = runtime(true, new AtomicInteger(1))) {
            rt.start();
            final NewtClient c = rt.client("test");
            final CompletableFuture<Envelope> first = c.request("squarer", 2);
            final CompletableFuture<Envelope> second = c.request("squarer", 5);
            rt.runUntil(() -> first.isDone() && second.isDone(), Duration.ofSeconds(1));
            // The first request died with incarnation 1 and was resubmitted; the second waited in the mailbox.
            assertThat(Await.result(first).payload()).isEqualTo(4);
            assertThat(Await.result(second).payload()).isEqualTo(25);
            assertThat(rt.events().ofType(PeerRestartNotified.class)).singleElement()
                .satisfies(n -> assertThat(n.pending()).isEqualTo(1));
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSize(1);
            assertThat(c.pendingRequests()).isZero();
        }
    }
}
