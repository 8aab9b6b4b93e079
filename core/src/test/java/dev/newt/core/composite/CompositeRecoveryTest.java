package dev.newt.core.composite;

import static dev.newt.core.composite.PairServers.BACK;
import static dev.newt.core.composite.PairServers.FRONT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.NoState;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.store.StateCodec;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The inner servers of a composite share one fate and one checkpoint. */
class CompositeRecoveryTest {

    private static CompositeServer.State pair(final NewtRuntime rt) {
        return rt.checkpointedState("pair", CompositeServer.State.class);
    }

    private static int square(final NewtRuntime rt, final NewtClient c, final int n) {
        final CompletableFuture<Envelope> f = c.request(FRONT, n);
        rt.runUntil(f::isDone, Duration.ofSeconds(1));
        return (Integer) Await.result(f).payload();
    }

    @Test
    void checkpointRestoresEveryInnerStateWithItsOwnClass() throws Exception {
        final CompositeServer.State s = new CompositeServer.State();
        final PairServers.Front.State f = new PairServers.Front.State();
        f.answered = 3;
        f.oracleIds.add(17L);
        final PairServers.Back.State b = new PairServers.Back.State();
        b.served = 4;
        b.notices.add("oracle 2");
        s.states.put(FRONT, f);
        s.states.put(BACK, b);
        s.states.put("idle", NoState.INSTANCE);
        s.localRequests = 9;
        s.outerRequests.put(17L, FRONT);
        final StateCodec codec = new StateCodec();
        final byte[] encoded = codec.encode("pair", s);
        assertThat(codec.mapper().readTree(encoded).toString())
            .as("no inner state names its class: the spec does")
            .doesNotContain("@class");
        final CompositeServer.State back = codec.decode("pair", encoded, CompositeServer.State.class);
        assertThat(back.state(FRONT, PairServers.Front.State.class).answered).isEqualTo(3);
        assertThat(back.state(FRONT, PairServers.Front.State.class).oracleIds).containsExactly(17L);
        assertThat(back.state(BACK, PairServers.Back.State.class).served).isEqualTo(4);
        assertThat(back.state(BACK, PairServers.Back.State.class).notices).containsExactly("oracle 2");
        assertThat(back.state("idle", NoState.class)).isEqualTo(NoState.INSTANCE);
        assertThat(back.localRequests).isEqualTo(9);
        assertThat(back.outerRequests()).containsExactly(java.util.Map.entry(17L, FRONT));
        assertThat(codec.encode("pair", back)).isEqualTo(encoded);
    }

    @Test
    void crashOfOneInnerServerRestartsTheCompositeAndRestoresEveryInnerState() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(7)
            .server(PairServers.pair().withBackoff(Backoff.NONE)).build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            rt.client("observer");
            assertThat(square(rt, c, 3)).isEqualTo(9);
            assertThat(square(rt, c, 4)).isEqualTo(16);
            c.send(BACK, "crash");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.events().ofType(ServerCrashed.class)).singleElement()
                .satisfies(e -> assertThat(e.server()).isEqualTo("pair"))
                .satisfies(e -> assertThat(e.message()).isEqualTo("back crashes on command"));
            assertThat(rt.events().ofType(CustomEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(EventKinds.COMPOSITE_INNER_CRASHED))
                .satisfies(e -> assertThat(e.fields()).containsEntry("inner", BACK));
            assertThat(rt.events().ofType(ServerRestarted.class)).singleElement()
                .satisfies(e -> assertThat(e.server()).isEqualTo("pair"));
            // Both inner servers came back from the one checkpoint, and started again in order.
            final PairServers.Back.State back = pair(rt).state(BACK, PairServers.Back.State.class);
            assertThat(back.served).isEqualTo(2);
            assertThat(back.hellos).isEqualTo(2);
            assertThat(back.starts).containsExactly("FIRST_START as back#1", "RESTART_CHECKPOINT as back#2");
            assertThat(pair(rt).state(FRONT, PairServers.Front.State.class).answered).isEqualTo(2);
            assertThat(square(rt, c, 5)).isEqualTo(25);
            assertThat(pair(rt).state(BACK, PairServers.Back.State.class).served).isEqualTo(3);
            assertThat(pair(rt).state(FRONT, PairServers.Front.State.class).localIds).containsExactly(-1L, -2L, -3L);
        }
    }

    @Test
    void replayRebuildsLocalExchangesWithoutSendingAgain() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(8)
            .server(PairServers.pair().withBackoff(Backoff.NONE).withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY)
                .withCheckpoints(CheckpointPolicy.ON_REQUEST)).build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            final NewtClient observer = rt.client("observer");
            for (int n = 1; n <= 3; n++) {
                assertThat(square(rt, c, n)).isEqualTo(n * n);
            }
            c.send(FRONT, "crash");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.events().ofType(ServerRestarted.class)).singleElement()
                .satisfies(e -> assertThat(e.replayed()).isEqualTo(3));
            assertThat(square(rt, c, 4)).isEqualTo(16);
            // Told once per answer: the replay rebuilt the state but did not send again.
            assertThat(List.of(observer.poll(), observer.poll(), observer.poll(), observer.poll()))
                .extracting(Envelope::payload)
                .containsExactly("front answered 1", "front answered 4", "front answered 9", "front answered 16");
            assertThat(observer.poll()).isNull();
        }
    }

    @Test
    void auditViolationOfAnInnerServerNamesIt() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(9).server(PairServers.pair().withAuditEvery(1)).build()) {
            rt.start();
            rt.client("test").send(BACK, "corrupt");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.events().ofType(CorruptionDetected.class)).singleElement()
                .satisfies(e -> assertThat(e.server()).isEqualTo("pair"))
                .satisfies(e -> assertThat(e.violation()).isEqualTo("back: served is negative: -1"));
        }
    }

    @Test
    void restartNoticeOfAnOutsidePeerIsSplitAmongTheInnerRequesters() {
        try (NewtRuntime rt = NewtRuntime.builder().seed(10).server(PairServers.pair())
            .server(PairServers.Oracle.spec()).build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send(FRONT, "ask-oracle");
            c.send(BACK, "ask-oracle");
            c.send(FRONT, "ask-oracle");
            rt.runFor(Duration.ofMillis(1));
            assertThat(rt.checkpointedState("oracle", PairServers.Oracle.State.class).askedBy)
                .containsExactly(FRONT, BACK, FRONT);
            c.send("oracle", "crash");
            rt.runFor(Duration.ofMillis(5));
            // front got its two requests and resubmitted them; back got its one and gave it up.
            assertThat(pair(rt).state(FRONT, PairServers.Front.State.class).notices).containsExactly("oracle 2");
            assertThat(pair(rt).state(BACK, PairServers.Back.State.class).notices).containsExactly("oracle 1");
            final List<Long> frontIds = pair(rt).state(FRONT, PairServers.Front.State.class).oracleIds;
            assertThat(pair(rt).outerRequests().keySet()).containsExactlyElementsOf(frontIds);
            assertThat(rt.checkpointedState("oracle", PairServers.Oracle.State.class).askedBy)
                .containsExactly(FRONT, FRONT);
            c.send("oracle", "answer");
            rt.runFor(Duration.ofMillis(1));
            assertThat(pair(rt).state(FRONT, PairServers.Front.State.class).oracleAnswers)
                .containsExactly(frontIds.get(0) + "=yes", frontIds.get(1) + "=yes");
            assertThat(pair(rt).outerRequests()).isEmpty();
            // A restart with nothing pending reaches only the inner server that watches oracle.
            c.send("oracle", "crash");
            rt.runFor(Duration.ofMillis(5));
            assertThat(pair(rt).state(BACK, PairServers.Back.State.class).notices)
                .containsExactly("oracle 1", "oracle 0");
            assertThat(pair(rt).state(FRONT, PairServers.Front.State.class).notices).containsExactly("oracle 2");
        }
    }

    @Test
    void specOfTheCompositeDerivesItsSettingsFromTheInnerSpecs() {
        final ServerSpec<CompositeServer.State> spec = CompositeSpecs.of("pair", List.of(
            PairServers.front().withRecovery(RecoveryPolicy.FRESH).withMailboxCapacity(100)
                .withCheckpoints(CheckpointPolicy.everyMessages(10)).withHangDeadline(Duration.ofSeconds(2)),
            PairServers.back().withMailboxCapacity(50).withCheckpoints(CheckpointPolicy.everyMessages(4))
                .withHangDeadline(Duration.ofSeconds(1)).withAuditEvery(7)));
        assertThat(spec.name()).isEqualTo("pair");
        assertThat(spec.aliases()).containsExactly(FRONT, BACK);
        assertThat(spec.watches()).containsExactly("oracle");
        assertThat(spec.recovery()).isEqualTo(RecoveryPolicy.CHECKPOINT);
        assertThat(spec.checkpoints()).isEqualTo(CheckpointPolicy.everyMessages(4));
        assertThat(spec.mailboxCapacity()).isEqualTo(150);
        assertThat(spec.hangDeadline()).contains(Duration.ofSeconds(1));
        assertThat(spec.auditEveryMessages()).isEqualTo(7);
        final CompositeServer.State initial = spec.initialState();
        assertThat(initial.state(FRONT, PairServers.Front.State.class).answered).isZero();
        assertThat(initial.state(BACK, PairServers.Back.State.class).served).isZero();
    }

    @Test
    void checkpointsThatNamedEachInnerStatesClassAreStillReadAndTheNameIsIgnored() throws Exception {
        final CompositeServer.State s = new CompositeServer.State();
        final PairServers.Back.State b = new PairServers.Back.State();
        b.served = 5;
        s.states.put(BACK, b);
        s.states.put(FRONT, new PairServers.Front.State());
        final StateCodec codec = new StateCodec();
        final com.fasterxml.jackson.databind.node.ObjectNode tree =
            (com.fasterxml.jackson.databind.node.ObjectNode) codec.mapper().readTree(codec.encode("pair", s));
        // As written before: each inner state with its class name, here one no loader has.
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("states").get(BACK)).put("@class", "gone.Back");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("states").get(FRONT))
            .put("@class", PairServers.Front.State.class.getName());
        final CompositeServer.State back = codec.decode("pair", codec.mapper().writeValueAsBytes(tree),
            CompositeServer.State.class);
        assertThat(back.state(BACK, PairServers.Back.State.class).served).isEqualTo(5);
        assertThat(back.state(FRONT, PairServers.Front.State.class).answered).isZero();
    }

    @Test
    void innerStateThatDoesNotFitItsSpecsClassFailsNamingTheInnerServer() throws Exception {
        final StateCodec codec = new StateCodec();
        final byte[] bad = codec.mapper().writeValueAsBytes(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"localRequests\":0,"
            + "\"outerRequests\":{},\"states\":{\"back\":{\"nope\":1}},\"unaddressed\":0}"));
        final CompositeServer.State s = codec.decode("pair", bad, CompositeServer.State.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.state(BACK, PairServers.Back.State.class))
            .hasMessageContaining("inner server 'back'").hasMessageContaining(PairServers.Back.State.class.getName());
    }

    @Test
    void compositeWithAnInnerServerReplacedKeepsItsSettingsAndTheOtherInnerServers() {
        final ServerSpec<CompositeServer.State> spec = PairServers.pair().withMailboxCapacity(77);
        assertThat(CompositeSpecs.innerSpecs(spec).orElseThrow()).extracting(ServerSpec::name)
            .containsExactly(FRONT, BACK);
        assertThat(CompositeSpecs.innerSpecs(PairServers.back())).isEmpty();
        final ServerSpec<PairServers.Back.State> back2 = PairServers.back().withMailboxCapacity(3);
        final ServerSpec<CompositeServer.State> next = CompositeSpecs.withInner(spec, List.of(back2));
        assertThat(next.mailboxCapacity()).isEqualTo(77);
        assertThat(next.aliases()).isEqualTo(spec.aliases());
        assertThat(CompositeSpecs.inner(next, BACK)).containsSame(back2);
        assertThat(CompositeSpecs.inner(next, FRONT).orElseThrow().name()).isEqualTo(FRONT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CompositeSpecs.withInner(spec,
                List.of(ServerSpec.of("other", NoState.class, () -> null, () -> NoState.INSTANCE))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no inner server 'other'");
    }
}
