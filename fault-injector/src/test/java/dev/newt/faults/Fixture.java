package dev.newt.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.faults.inject.FaultInjector;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A simulated runtime running one test server from the image of {@code dev.newt.faults.testservers},
 * woven by an injector, with a client "test". Tests never touch the image's classes directly: they
 * talk to the server by messages, as everything else does.
 */
final class Fixture implements AutoCloseable {
    static final String COUNTER = "dev.newt.faults.testservers.Counter";
    static final String LEDGER = "dev.newt.faults.testservers.Ledger";

    final FaultInjector faults;
    final NewtRuntime rt;
    final NewtClient client;
    final String server;

    private Fixture(final FaultInjector faults, final NewtRuntime rt, final String server) {
        this.faults = faults;
        this.rt = rt;
        this.server = server;
        this.client = rt.client("test");
    }

    /** @return a fresh image of the test servers (its own loader, its own classes) */
    static ServerImage image() {
        return ServerImage.builder("test-servers").classPath(ServerImage.locationOf(Fixture.class))
            .include("dev.newt.faults.testservers.").build();
    }

    static FaultSpec.Builder fault(final String id, final String type, final String method, final Trigger trigger) {
        return FaultSpec.builder(id).site("counter", "*.Counter", method).type(type).trigger(trigger);
    }

    /** A counter named "counter" on the simulated executor with seed 1 and the plan woven in. */
    static Fixture counter(final FaultPlan plan) {
        return counter(plan, s -> s);
    }

    static Fixture counter(final FaultPlan plan, final UnaryOperator<ServerSpec<Object>> adjust) {
        final FaultInjector faults = FaultInjector.of(plan);
        final ServerSpec<Object> spec = adjust.apply(faults.spec("counter", image(), COUNTER, COUNTER + "$State"));
        return start(faults, spec, NewtRuntime.builder().seed(1));
    }

    /** A ledger named "ledger": its state is a record, made by {@code State.empty()}. */
    static Fixture ledger(final FaultPlan plan) {
        final FaultInjector faults = FaultInjector.of(plan);
        final ServerImage woven = faults.weave("ledger", image());
        final ServerSpec<Object> spec = ImageSpecs.specWithInitialState("ledger", woven, LEDGER, LEDGER + "$State",
            () -> callStatic(woven.loadClass(LEDGER + "$State"), "empty"));
        return start(faults, spec, NewtRuntime.builder().seed(1));
    }

    static Fixture start(final FaultInjector faults, final ServerSpec<?> spec, final NewtRuntime.Builder b) {
        final NewtRuntime rt = b.server(spec).build();
        faults.install(rt);
        rt.start();
        return new Fixture(faults, rt, spec.name());
    }

    private static Object callStatic(final Class<?> type, final String method) {
        try {
            return type.getMethod(method).invoke(null);
        } catch (IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    void send(final Object payload) {
        assertThat(client.send(server, payload)).isTrue();
    }

    /** Sends a request and runs the simulation until it is answered (at most a virtual second). */
    Object ask(final Object payload) {
        final CompletableFuture<Envelope> f = client.request(server, payload);
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).as("answer to " + payload).isTrue();
        return Await.result(f).payload();
    }

    void run(final Duration d) {
        rt.runFor(d);
    }

    /** @return the custom events of that kind, in order */
    List<CustomEvent> events(final String kind) {
        return rt.events().ofType(CustomEvent.class).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    List<Map<String, Object>> activations() {
        return events(EventKinds.FAULT_ACTIVATED).stream().map(CustomEvent::fields).toList();
    }

    List<Long> activationCalls() {
        return activations().stream().map(f -> ((Number) f.get("call")).longValue()).toList();
    }

    @Override
    public void close() {
        try {
            faults.close();
        } finally {
            rt.close();
        }
    }
}
