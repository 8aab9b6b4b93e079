package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.exec.PooledExecutor;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.NoState;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pooled executor runs each placement group on one worker. */
class PlacementTest {

    /** Notes the thread that handled each of its messages, then answers or forwards. */
    static final class Relay implements Server<NoState> {
        static final Map<String, Set<String>> THREADS = new ConcurrentHashMap<>();
        private final String next;

        Relay(final String next) {
            this.next = next;
        }

        @Override
        public NoState handle(final ServerContext ctx, final NoState s, final Envelope m) {
            THREADS.computeIfAbsent(ctx.name(), k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            if (m.kind() == Envelope.Kind.REQUEST) {
                ctx.reply(m, "ok");
                if (next != null) {
                    ctx.send(next, "hop");
                }
            }
            return s;
        }
    }

    private static ServerSpec<NoState> relay(final String name, final String next, final String group) {
        return ServerSpec.of(name, NoState.class, () -> new Relay(next), NoState::new).withPlacement(group);
    }

    @Test
    void aGroupRunsOnOneWorkerAndGroupsAreDealtRoundRobin() throws Exception {
        Relay.THREADS.clear();
        try (NewtRuntime rt = NewtRuntime.builder().pooled(2, "park")
            .server(relay("a.one", "a.two", "a"))
            .server(relay("b.one", "b.two", "b"))
            .server(relay("a.two", null, "a"))
            .server(relay("b.two", null, "b"))
            .build()) {
            rt.start();
            assertThat(((PooledExecutor) rt.executor()).placements()).containsExactly(Map.entry("a", 0),
                Map.entry("b", 1));
            final NewtClient c = rt.client("test");
            for (int i = 0; i < 200; i++) {
                c.request("a.one", "go").get(10, TimeUnit.SECONDS);
                c.request("b.one", "go").get(10, TimeUnit.SECONDS);
                c.request("a.two", "go").get(10, TimeUnit.SECONDS);
                c.request("b.two", "go").get(10, TimeUnit.SECONDS);
            }
            final Set<String> a = Set.copyOf(Relay.THREADS.get("a.one"));
            assertThat(a).hasSize(1);
            assertThat(Relay.THREADS.get("a.two")).isEqualTo(a);
            final Set<String> b = Set.copyOf(Relay.THREADS.get("b.one"));
            assertThat(b).hasSize(1);
            assertThat(Relay.THREADS.get("b.two")).isEqualTo(b);
            assertThat(a).isNotEqualTo(b);
        }
    }

    @Test
    void aHungServerOfAGroupIsRevokedAndItsGroupGetsANewWorker() throws Exception {
        try (NewtRuntime rt = NewtRuntime.builder().pooled(1, "park")
            .server(Counter.spec("counter").withHangDeadline(Duration.ofMillis(100)).withPlacement("g"))
            .server(Counter.spec("other").withPlacement("g"))
            .build()) {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("counter", "inc");
            c.send("counter", "hang");
            c.send("other", "inc");
            rt.events().await(e -> e instanceof ServerRestarted, Duration.ofSeconds(10));
            assertThat(c.request("other", "get").get(10, TimeUnit.SECONDS).payload()).isEqualTo(1L);
            assertThat(c.request("counter", "get").get(10, TimeUnit.SECONDS).payload()).isEqualTo(1L);
        }
    }
}
