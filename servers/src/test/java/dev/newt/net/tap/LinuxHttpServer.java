package dev.newt.net.tap;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.app.HttpResponse;
import dev.newt.net.app.NewtHttpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code python3 -m http.server} in the namespace, bound to the kernel's address, serving a
 * directory; killed with the namespace's other programs when the namespace closes.
 */
final class LinuxHttpServer {
    static final int PORT = 8080;
    private static final Duration READY_LIMIT = Duration.ofSeconds(20);

    private LinuxHttpServer() {
    }

    /** Starts the server over {@code root}, holding {@code file} at {@code path}. */
    static Process start(final TapNamespace ns, final Path root, final String path, final byte[] file)
        throws IOException {
        TapFixture.requireTool("python3");
        Files.createDirectories(root);
        Files.write(root.resolve(path.substring(1)), file);
        return ns.start(root.resolveSibling("http-server.log"), Command.find("python3").orElseThrow().toString(),
            "-m", "http.server", String.valueOf(PORT), "--bind", TapNamespace.KERNEL.toString(),
            "--directory", root.toString());
    }

    /**
     * Fetches a path with Newt's blocking HTTP client, trying to connect again while the server is
     * not listening yet (the kernel refuses), up to a bound.
     */
    static HttpResponse fetch(final NewtRuntime rt, final String host, final String path, final Duration timeout)
        throws IOException {
        final long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (true) {
            try (NewtHttpClient http = NewtHttpClient.connect(rt, host, TapNamespace.KERNEL, PORT, timeout)) {
                return http.get(path, true);
            } catch (ConnectException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                LockSupport.parkNanos(50_000_000L);
            }
        }
    }
}
