package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.update.sample.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A runtime of test journals (version 1, from image {@code journal-v1}), a client that feeds them
 * numbered entries and asks for their stats, and an update manager.
 */
final class JournalRig implements AutoCloseable {
    static final String JOURNAL = "dev.newt.update.sample.Journal";
    static final String STATE = JOURNAL + "$State";

    final NewtRuntime rt;
    final NewtClient client;
    final UpdateManager updates;
    private final Map<String, Long> lastSent = new HashMap<>();

    private JournalRig(final NewtRuntime rt) {
        this.rt = rt;
        rt.start();
        this.client = rt.client("feeder");
        this.updates = UpdateManager.of(rt);
    }

    /** @return journals with these names on the simulated executor, seed 42 */
    static JournalRig simulated(final String... servers) {
        return new JournalRig(builder(s -> s, servers).simulated().build());
    }

    static NewtRuntime.Builder builder(final UnaryOperator<ServerSpec<Object>> adjust, final String... servers) {
        final NewtRuntime.Builder b = NewtRuntime.builder().seed(42);
        for (String s : servers) {
            b.server(adjust.apply(ImageSpecs.spec(s, ServerImage.of("journal-v1", Journal.class), JOURNAL, STATE)));
        }
        return b;
    }

    static JournalRig of(final NewtRuntime rt) {
        return new JournalRig(rt);
    }

    /** @return an image built under target/images, loaded afresh */
    static ServerImage image(final String name) {
        return ServerImage.builder(name).classPath(Path.of(System.getProperty("newt.images", "target/images"), name))
            .include("dev.newt.update.sample.").build();
    }

    /** @return the spec of {@code server} running the journal of image {@code image}, with its settings */
    ServerSpec<Object> next(final String server, final String image, final Object... constructorArgs) {
        return ImageSpecs.sameSettings(rt.spec(server), image(image), JOURNAL, STATE, constructorArgs);
    }

    /** Sends the next {@code n} numbered entries to {@code server}. */
    void feed(final String server, final int n) {
        for (int i = 0; i < n; i++) {
            final long seq = lastSent.merge(server, 1L, Long::sum);
            assertThat(client.send(server, seq)).as("entry %d to %s enqueued", seq, server).isTrue();
        }
    }

    /** Feeds {@code n} entries one at a time, running the simulation {@code gap} after each. */
    void stream(final String server, final int n, final Duration gap) {
        for (int i = 0; i < n; i++) {
            feed(server, 1);
            rt.runFor(gap);
        }
    }

    long sent(final String server) {
        return lastSent.getOrDefault(server, 0L);
    }

    void send(final String server, final Object payload) {
        assertThat(client.send(server, payload)).isTrue();
    }

    /** @return the server's answer to {@code stats}: a map, or another answer of a broken version */
    Object stats(final String server) {
        if (rt.simulated()) {
            final CompletableFuture<Envelope> f = client.request(server, "stats");
            assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).as("stats of %s answered", server).isTrue();
            return Await.result(f).payload();
        }
        // A stream may keep the mailbox full for a while: ask again until there is room.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return client.request(server, "stats").get(5, TimeUnit.SECONDS).payload();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof NewtClient.MailboxFullException) || System.nanoTime() > deadline) {
                    throw new AssertionError("no stats from " + server + ": " + e, e);
                }
                Thread.onSpinWait();
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError("no stats from " + server + ": " + e, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> statsMap(final String server) {
        final Object s = stats(server);
        assertThat(s).as("stats of %s", server).isInstanceOf(Map.class);
        return (Map<String, Object>) s;
    }

    /** @return the update manager's events of {@code kind}, in order */
    List<CustomEvent> events(final String kind) {
        return rt.events().ofType(CustomEvent.class).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** Runs the simulation until {@code f} is done; fails the test if it is not within a second. */
    UpdateOutcome await(final CompletableFuture<UpdateOutcome> f) {
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).as("update finished").isTrue();
        return Await.result(f);
    }

    @Override
    public void close() {
        rt.close();
    }
}
