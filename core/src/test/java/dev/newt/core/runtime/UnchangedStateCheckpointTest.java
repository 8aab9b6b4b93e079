package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A handler that promises to leave the state unchanged ({@link ServerContext#stateUnchanged}) costs
 * no checkpoint; one that changes it is checkpointed as before.
 */
class UnchangedStateCheckpointTest {

    /** Counts "inc" messages; "peek" promises to change nothing. */
    static final class Counter implements Server<Counter.State> {
        /** The state. */
        public static final class State {
            /** Increments seen. */
            public long n;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if ("peek".equals(m.payload())) {
                ctx.stateUnchanged();
            } else {
                s.n++;
            }
            return s;
        }
    }

    @Test
    void aStateLeftUnchangedIsNotCheckpointedAgain() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(1).simulated()
            .server(ServerSpec.of("counter", Counter.State.class, Counter::new, Counter.State::new)).build()) {
            rt.start();
            final NewtClient c = rt.client("client");
            rt.runFor(Duration.ofMillis(1));
            final long start = rt.store().puts();
            for (int i = 0; i < 10; i++) {
                c.send("counter", "peek");
            }
            rt.runFor(Duration.ofMillis(10));
            assertThat(rt.store().puts()).as("no checkpoint for ten unchanged states").isEqualTo(start);
            c.send("counter", "inc");
            c.send("counter", "peek");
            rt.runFor(Duration.ofMillis(10));
            assertThat(rt.store().puts()).as("one for the change, none for the peek after it").isEqualTo(start + 1);
            assertThat(rt.checkpointedState("counter", Counter.State.class).n).isEqualTo(1);
        }
    }
}
