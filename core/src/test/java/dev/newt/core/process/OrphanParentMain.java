package dev.newt.core.process;

import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.testing.Await;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A parent for {@link NoOrphansTest}: runs an isolated counter with a warm spare, prints its
 * children's process ids on one line ("CHILDREN pid pid") and waits to be killed.
 */
public final class OrphanParentMain {
    private OrphanParentMain() {
    }

    public static void main(final String[] args) {
        final ProcessIsolation processes = ProcessIsolation.builder().warmSpares(1).build();
        final NewtRuntime rt = NewtRuntime.builder().threaded("backoff")
            .server(processes.spec(FaultyCounter.Recipe.class, "isolated")).build();
        rt.start();
        final NewtClient client = rt.client("main");
        Await.result(client.request("isolated", "pid"));
        while (processes.children().size() < 2) {
            LockSupport.parkNanos(5_000_000L);
        }
        System.out.println("CHILDREN " + processes.children().stream().map(String::valueOf)
            .collect(Collectors.joining(" ")));
        System.out.flush();
        while (true) {
            LockSupport.park();
        }
    }
}
