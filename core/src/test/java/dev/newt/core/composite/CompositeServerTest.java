package dev.newt.core.composite;

import static dev.newt.core.composite.PairServers.BACK;
import static dev.newt.core.composite.PairServers.FRONT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.NoState;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two servers run as one composite: addressed as before, talking to each other by direct calls. */
class CompositeServerTest {

    private static NewtRuntime runtime(final ServerSpec<?>... more) {
        final NewtRuntime.Builder b = NewtRuntime.builder().seed(6).server(PairServers.pair());
        for (ServerSpec<?> s : more) {
            b.server(s);
        }
        return b.build();
    }

    private static PairServers.Front.State front(final NewtRuntime rt) {
        return rt.checkpointedState("pair", CompositeServer.State.class).state(FRONT, PairServers.Front.State.class);
    }

    private static PairServers.Back.State back(final NewtRuntime rt) {
        return rt.checkpointedState("pair", CompositeServer.State.class).state(BACK, PairServers.Back.State.class);
    }

    @Test
    void requestToAnInnerServerIsAnsweredThroughALocalRequestInOneHandledMessage() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            final NewtClient c = rt.client("test");
            final NewtClient observer = rt.client("observer");
            final CompletableFuture<Envelope> square = c.request(FRONT, 7);
            rt.runUntil(square::isDone, Duration.ofSeconds(1));
            assertThat(Await.result(square).payload()).isEqualTo(49);
            assertThat(Await.result(square).from()).isEqualTo(FRONT);
            final Envelope told = observer.poll();
            assertThat(told.from()).isEqualTo(FRONT);
            assertThat(told.to()).isEqualTo("observer");
            assertThat(told.payload()).isEqualTo("front answered 49");
            // front -> back -> front ran inside the one handler: the composite handled one message.
            assertThat(rt.status("pair").handled()).isEqualTo(1);
            assertThat(back(rt).served).isEqualTo(1);
            // Local request ids are negative, out of the runtime's range.
            assertThat(front(rt).localIds).containsExactly(-1L);
        }
    }

    @Test
    void everyInnerNameIsAnAliasOfTheComposite() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            final NewtClient c = rt.client("test");
            final CompletableFuture<Envelope> direct = c.request(BACK, 5);
            rt.runUntil(direct::isDone, Duration.ofSeconds(1));
            assertThat(Await.result(direct).payload()).isEqualTo(25);
            assertThat(Await.result(direct).from()).isEqualTo(BACK);
            assertThat(rt.status(FRONT).name()).isEqualTo("pair");
            assertThat(rt.status(BACK).name()).isEqualTo("pair");
        }
    }

    @Test
    void innerServersStartInOrderAndWhatTheySentEachOtherOnStartIsDelivered() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            rt.runFor(Duration.ofMillis(1));
            assertThat(back(rt).starts).containsExactly("FIRST_START as back#1");
            assertThat(back(rt).hellos).isEqualTo(1);
        }
    }

    @Test
    void timersComeBackToTheInnerServerThatSetThem() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send(FRONT, "tick");
            c.send(FRONT, "tick");
            c.send(BACK, "tick");
            rt.runFor(Duration.ofMillis(1).plusNanos(500_000));
            assertThat(front(rt).ticks).isEqualTo(2);
            assertThat(back(rt).ticks).isZero();
            rt.runFor(Duration.ofMillis(1));
            assertThat(back(rt).ticks).isEqualTo(1);
            assertThat(front(rt).ticks).isEqualTo(2);
        }
    }

    @Test
    void requestToTheOutsideLeavesAsTheInnerServerAndItsReplyComesBackToIt() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            final NewtClient oracle = rt.client("oracle");
            final NewtClient c = rt.client("test");
            c.send(FRONT, "ask-oracle");
            c.send(BACK, "ask-oracle");
            rt.runFor(Duration.ofMillis(1));
            final Envelope fromFront = oracle.poll();
            final Envelope fromBack = oracle.poll();
            assertThat(fromFront.kind()).isEqualTo(Kind.REQUEST);
            assertThat(fromFront.from()).isEqualTo(FRONT);
            assertThat(fromFront.payload()).isEqualTo("question from front");
            assertThat(fromBack.from()).isEqualTo(BACK);
            final long frontId = fromFront.correlationId();
            assertThat(front(rt).oracleIds).containsExactly(frontId);
            assertThat(rt.checkpointedState("pair", CompositeServer.State.class).outerRequests())
                .containsEntry(frontId, FRONT).containsEntry(fromBack.correlationId(), BACK).hasSize(2);
            oracle.reply(fromFront, "yes");
            oracle.reply(fromBack, "no");
            rt.runFor(Duration.ofMillis(1));
            assertThat(front(rt).oracleAnswers).containsExactly(frontId + "=yes");
            assertThat(rt.checkpointedState("pair", CompositeServer.State.class).outerRequests()).isEmpty();
        }
    }

    /** Records, in a list shared by the test, the current context's name when it handles and stops. */
    private static ServerSpec<NoState> recorder(final String name, final List<String> calls) {
        return ServerSpec.of(name, NoState.class, () -> new Server<NoState>() {
            @Override
            public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
                calls.add("handle in " + ServerContext.current().name());
                return s;
            }

            @Override
            public void onStop(final ServerContext ctx, final NoState s) {
                calls.add("stop " + ctx.name());
            }
        }, () -> NoState.INSTANCE);
    }

    @Test
    void innerServersSeeTheirOwnContextAsCurrentAndAreAllStoppedInOrder() {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final NewtRuntime rt = NewtRuntime.builder().seed(2)
            .server(CompositeSpecs.of("trio", List.of(recorder("one", calls), recorder("two", calls),
                recorder("three", calls))))
            .build();
        try (rt) {
            rt.start();
            rt.client("test").send("two", "hi");
            rt.runFor(Duration.ofMillis(1));
        }
        assertThat(calls).containsExactly("handle in two", "stop one", "stop two", "stop three");
    }

    @Test
    void messageToTheCompositesOwnNameIsCountedNotDelivered() {
        try (NewtRuntime rt = runtime()) {
            rt.start();
            rt.client("test").send("pair", "tick");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.checkpointedState("pair", CompositeServer.State.class).unaddressed()).isEqualTo(1);
            assertThat(front(rt).ticks).isZero();
            assertThat(rt.events().ofType(CustomEvent.class)).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(EventKinds.COMPOSITE_UNADDRESSED))
                .satisfies(e -> assertThat(e.fields()).containsEntry("from", "test"));
        }
    }
}
