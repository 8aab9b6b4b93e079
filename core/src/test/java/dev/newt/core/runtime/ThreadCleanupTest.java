package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.exec.PooledExecutor;
import dev.newt.core.exec.ThreadedExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No thread of a runtime outlives its close, whatever the idle strategy, even after a revoked hang. */
class ThreadCleanupTest {

    private static List<String> newtThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("newt-")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"spin", "yield", "backoff", "park", "pooled:backoff", "pooled:park"})
    void closingStopsEveryThread(final String executor) throws Exception {
        final NewtRuntime.Builder b = executor.startsWith("pooled:")
            ? NewtRuntime.builder().pooled(2, executor.substring(7))
            : NewtRuntime.builder().threaded(executor);
        for (int i = 0; i < 3; i++) {
            b.server(Counter.spec("c" + i).withHangDeadline(Duration.ofMillis(50)));
        }
        final NewtRuntime rt = b.build();
        try {
            rt.start();
            final NewtClient c = rt.client("test");
            c.send("c0", "hang");
            c.send("c1", "crash");
            for (int i = 0; i < 100; i++) {
                c.send("c2", "inc");
            }
            rt.events().await(e -> e instanceof ServerRestarted r && r.server().equals("c0"), Duration.ofSeconds(10));
            assertThat(c.request("c2", "get").get(10, TimeUnit.SECONDS).payload()).isEqualTo(100L);
            assertThat(newtThreads()).isNotEmpty();
        } finally {
            rt.close();
        }
        final List<String> unstopped = rt.executor() instanceof ThreadedExecutor t ? t.unstoppedThreads()
            : ((PooledExecutor) rt.executor()).unstoppedThreads();
        assertThat(unstopped).isEmpty();
        assertThat(newtThreads()).isEmpty();
    }

    @Test
    void closeIsIdempotent() {
        final NewtRuntime rt = NewtRuntime.builder().threaded("park").server(Counter.spec("c")).build();
        rt.start();
        rt.close();
        rt.close();
        assertThat(newtThreads()).isEmpty();
    }
}
