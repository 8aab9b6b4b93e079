package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.PeerRestartNotified;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A server that watches a peer is told of each of its restarts, even with nothing pending. */
class WatchTest {

    static final class Watcher implements Server<Watcher.State> {
        static final class State {
            long lastPeerEpoch;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            return s;
        }

        @Override
        public State onPeerRestarted(final ServerContext ctx, final State s, final PeerRestarted n) {
            s.lastPeerEpoch = n.peerEpoch();
            return s;
        }
    }

    @Test
    void watcherLearnsOfEveryRestartOfItsPeer() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(8)
            .server(Counter.spec("counter").withBackoff(dev.newt.core.server.Backoff.NONE))
            .server(ServerSpec.of("watcher", Watcher.State.class, Watcher::new, Watcher.State::new)
                .withWatches("counter"))
            .server(ServerSpec.of("bystander", Watcher.State.class, Watcher::new, Watcher.State::new))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("counter", "crash");
            rt.runFor(Duration.ofMillis(5));
            c.send("counter", "crash");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.checkpointedState("watcher", Watcher.State.class).lastPeerEpoch).isEqualTo(3);
            assertThat(rt.checkpointedState("bystander", Watcher.State.class).lastPeerEpoch).isZero();
            assertThat(rt.events().ofType(PeerRestartNotified.class)).hasSize(2)
                .allSatisfy(n -> assertThat(n.server()).isEqualTo("watcher"));
        }
    }
}
