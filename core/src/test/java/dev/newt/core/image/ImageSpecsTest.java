package dev.newt.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.image.sample.Tally;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.RestartIntensity;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Specs of image servers: image classes, parent-loaded arguments, and errors that name everything. */
class ImageSpecsTest {
    private static final String TALLY = "dev.newt.core.image.sample.Tally";

    private static Object ask(final NewtRuntime rt, final NewtClient c, final String what) {
        final CompletableFuture<Envelope> f = c.request("tally", what);
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).isTrue();
        return Await.result(f).payload();
    }

    @Test
    void anImageServerRunsAndIsRestoredFromItsCheckpointAsTheImagesStateClass() {
        final ServerImage image = ServerImage.of("tally-v1", Tally.class);
        final ServerSpec<Object> spec = ImageSpecs.spec("tally", image, TALLY, TALLY + "$State",
            new SampleConfig("t"));
        assertThat(spec.stateType().getClassLoader()).isSameAs(image.loader());
        try (NewtRuntime rt = NewtRuntime.builder().seed(3).server(spec).build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("tally", "inc");
            c.send("tally", "inc");
            c.send("tally", "crash");
            rt.runFor(Duration.ofMillis(5));
            assertThat(rt.events().ofType(ServerRestarted.class)).hasSize(1);
            assertThat(ask(rt, c, "get")).isEqualTo("t=2");
            assertThat(ask(rt, c, "loader")).isEqualTo("image:tally-v1");
            assertThat(rt.checkpointedState("tally", spec.stateType()).getClass()).isSameAs(spec.stateType());
        }
    }

    @Test
    void theSameServerInAnotherImageStartsFromTheRunningSpecsInitialStateNotTheNoArgConstructor() throws Exception {
        final ServerImage v1 = ServerImage.of("tally-v1", Tally.class);
        final Class<?> v1State = v1.loadClass(TALLY + "$State");
        final ServerSpec<Object> running = ImageSpecs.specWithInitialState("tally", v1, TALLY, TALLY + "$State",
            () -> tallyAt(v1State, 41), new SampleConfig("t"));
        final ServerImage woven = ServerImage.of("tally-woven", Tally.class);
        final ServerSpec<Object> same = ImageSpecs.sameServer(running, woven, TALLY, TALLY + "$State",
            new SampleConfig("t"));
        final ServerSpec<Object> fromNoArg = ImageSpecs.sameSettings(running, woven, TALLY, TALLY + "$State",
            new SampleConfig("t"));

        assertThat(same.initialState().getClass()).isSameAs(woven.loadClass(TALLY + "$State"));
        try (NewtRuntime rt = NewtRuntime.builder().seed(3).server(same).build()) {
            rt.start();
            assertThat(ask(rt, rt.client("test"), "get")).isEqualTo("t=41");
        }
        try (NewtRuntime rt = NewtRuntime.builder().seed(3).server(fromNoArg).build()) {
            rt.start();
            assertThat(ask(rt, rt.client("test"), "get")).as("the no-arg constructor's state").isEqualTo("t=0");
        }
    }

    private static Object tallyAt(final Class<?> stateClass, final long count) {
        try {
            final var ctor = stateClass.getDeclaredConstructor();
            ctor.setAccessible(true);
            final Object s = ctor.newInstance();
            final var field = stateClass.getDeclaredField("count");
            field.setAccessible(true);
            field.setLong(s, count);
            return s;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNewVersionKeepsEverySettingOfTheRunningSpecWithTheImagesClasses() {
        final ServerSpec<Object> running = ImageSpecs.spec("tally", ServerImage.of("tally-v1", Tally.class), TALLY,
                TALLY + "$State", new SampleConfig("t"))
            .withRecovery(RecoveryPolicy.CHECKPOINT_REPLAY).withCheckpoints(CheckpointPolicy.everyMessages(5))
            .withIntensity(new RestartIntensity(7, Duration.ofSeconds(2))).withBackoff(Backoff.NONE)
            .withHangDeadline(Duration.ofMillis(30)).withMailboxCapacity(64).withAuditEvery(3)
            .withWatches("peer").withAliases("tally.alias");
        final ServerImage v2 = ServerImage.of("tally-v2", Tally.class);
        final ServerSpec<Object> next = ImageSpecs.sameSettings(running, v2, TALLY, TALLY + "$State",
            new SampleConfig("u"));

        assertThat(next.name()).isEqualTo("tally");
        assertThat(next.stateType().getClassLoader()).isSameAs(v2.loader());
        assertThat(next.newServer().getClass().getClassLoader()).isSameAs(v2.loader());
        assertThat(next.recovery()).isEqualTo(RecoveryPolicy.CHECKPOINT_REPLAY);
        assertThat(next.checkpoints()).isEqualTo(running.checkpoints());
        assertThat(next.intensity()).isEqualTo(running.intensity());
        assertThat(next.backoff()).isEqualTo(Backoff.NONE);
        assertThat(next.hangDeadline()).contains(Duration.ofMillis(30));
        assertThat(next.mailboxCapacity()).isEqualTo(64);
        assertThat(next.auditEveryMessages()).isEqualTo(3);
        assertThat(next.watches()).containsExactly("peer");
        assertThat(next.aliases()).containsExactly("tally.alias");
    }

    @Test
    void anInitialStateSupplierMustMakeTheImagesStateClass() {
        final ServerImage image = ServerImage.of("tally-v1", Tally.class);
        final ServerSpec<Object> wrong = ImageSpecs.specWithInitialState("tally", image, TALLY, TALLY + "$State",
            () -> "not a state", new SampleConfig("t"));
        assertThatThrownBy(wrong::initialState)
            .isInstanceOf(ImageException.class)
            .hasMessageContaining("image 'tally-v1': initial state is a java.lang.String");
    }

    @Test
    void noFittingConstructorIsReportedWithTheImageTheClassAndTheArguments() {
        final ServerImage image = ServerImage.of("tally-v1", Tally.class);
        assertThatThrownBy(() -> ImageSpecs.spec("tally", image, TALLY, TALLY + "$State", 42))
            .isInstanceOf(ImageException.class)
            .hasMessageContaining("image 'tally-v1': no constructor accepts arguments (Integer) for class " + TALLY)
            .hasMessageContaining("Tally(SampleConfig)");
        assertThat(ImageSpecs.spec("tally", image, TALLY, TALLY + "$State", "x", 7L).newServer().getClass().getName())
            .isEqualTo(TALLY);
    }

    @Test
    void missingClassesAreReportedWithTheImageAndTheClass() {
        final ServerImage image = ServerImage.of("tally-v1", Tally.class);
        assertThatThrownBy(() -> ImageSpecs.spec("tally", image, TALLY, TALLY + "$Nope"))
            .isInstanceOf(ImageException.class)
            .hasMessageContaining("image 'tally-v1': cannot load class " + TALLY + "$Nope");
        assertThatThrownBy(() -> ImageSpecs.spec("tally", image, SampleConfig.class.getName(), TALLY + "$State"))
            .hasMessageContaining("class dev.newt.core.image.SampleConfig does not implement dev.newt.core.server.Server");
    }
}
