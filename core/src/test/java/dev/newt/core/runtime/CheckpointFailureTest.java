package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CheckpointFailed;
import dev.newt.core.event.RestartFailed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A checkpoint that cannot be written or read back is an error event, never a silent empty state. */
class CheckpointFailureTest {

    /** A state that serializes until it holds something Jackson cannot write. */
    static final class Holder {
        Object thing = "fine";
    }

    /** A cycle: Jackson refuses to write it. */
    static final class Loop {
        Loop self = this;
    }

    static final class HolderServer implements Server<Holder> {
        @Override
        public Holder handle(final ServerContext ctx, final Holder s, final Envelope m) {
            if ("poison".equals(m.payload())) {
                s.thing = new Loop();
            }
            if ("crash".equals(m.payload())) {
                throw new IllegalStateException("crash");
            }
            return s;
        }
    }

    @Test
    void unserializableStateIsReportedAndTheLastGoodCheckpointKept() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(2)
            .server(ServerSpec.of("holder", Holder.class, HolderServer::new, Holder::new)).build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("holder", "poison");
            rt.runFor(Duration.ofMillis(1));
            assertThat(rt.events().ofType(CheckpointFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.error()).contains("cannot serialize state of 'holder'"));
            assertThat(rt.checkpointedState("holder", Holder.class).thing).isEqualTo("fine");
        }
    }

    /** Serializes, but has no way to be rebuilt: no default constructor, no creator. */
    static final class Unrestorable {
        final int value;

        Unrestorable(final int value) {
            this.value = value;
        }
    }

    static final class UnrestorableServer implements Server<Unrestorable> {
        @Override
        public Unrestorable handle(final ServerContext ctx, final Unrestorable s, final Envelope m) {
            throw new IllegalStateException("crash");
        }
    }

    @Test
    void checkpointThatCannotBeRestoredFailsTheRestartLoudly() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(2)
            .server(ServerSpec.of("unrestorable", Unrestorable.class, UnrestorableServer::new, () -> new Unrestorable(4)))
            .build()) {
            rt.start();
            rt.client("test").send("unrestorable", "x");
            rt.runFor(Duration.ofSeconds(1));
            assertThat(rt.events().ofType(RestartFailed.class)).isNotEmpty()
                .allSatisfy(f -> assertThat(f.error()).contains("cannot restore state of 'unrestorable'"));
            assertThat(rt.events().ofType(ServerRestarted.class)).isEmpty();
            assertThat(rt.status("unrestorable").state()).isEqualTo(ServerState.GIVEN_UP);
        }
    }
}
