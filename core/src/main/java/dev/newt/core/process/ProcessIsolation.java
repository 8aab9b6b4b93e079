package dev.newt.core.process;

import dev.newt.core.server.Isolation;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs servers in child JVMs, as NEWTOS runs each server in its own address space: a server's
 * heap exhaustion, {@code System.exit}, stack overflow or {@code kill -9} ends its process only,
 * and the supervisor restarts it from the checkpoint the parent keeps.
 *
 * <pre>{@code
 * try (ProcessIsolation processes = ProcessIsolation.builder().warmSpares(1).build()) {
 *     NewtRuntime rt = NewtRuntime.builder().realTime("backoff")
 *         .server(processes.spec(CounterRecipe.class, "counter"))
 *         .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>It owns its children: one per isolated server that runs, plus the warm spares (JVMs booted
 * ahead, waiting for a server, so that a restart does not wait for a JVM to start). A watch thread
 * kills a child whose heartbeat is older than the heartbeat timeout; the death is then detected as
 * any other. {@link #close} kills every child (so does a shutdown hook, and a child whose parent
 * dies exits by itself, see {@link ParentWatch}).
 */
public final class ProcessIsolation implements AutoCloseable {
    private static final Map<String, ServerRecipe> RECIPES = new ConcurrentHashMap<>();

    private final JavaLauncher launcher;
    private final int warmSpares;
    private final Duration heartbeatTimeout;
    private final Duration startTimeout;
    private final ArrayDeque<ServerProcess> spares = new ArrayDeque<>();
    /** Processes whose server failed by an exception: sound, kept for the server's next incarnation. */
    private final Map<String, ServerProcess> parked = new HashMap<>();
    private final Set<ServerProcess> all = ConcurrentHashMap.newKeySet();
    /** The servers made by {@link #spec}, which every spare loads ahead. */
    private final List<Preload> preloads = new ArrayList<>();
    private final Thread watch;
    private final java.util.concurrent.ExecutorService spawner = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "newt-spare-spawner");
        t.setDaemon(true);
        return t;
    });
    private final Thread hook;
    private volatile boolean closed;
    private volatile long coldStarts;
    private volatile long warmStarts;

    /** A server a spare may be asked to run, whose classes it loads ahead. */
    private record Preload(Placement placement, String name) {
    }

    /** Where an isolated server comes from: the recipe that builds it in the child, and its arguments. */
    record Placement(String recipe, List<String> args) {
    }

    private ProcessIsolation(final Builder b) {
        if (!Object.class.getModule().isExported("jdk.internal.misc", ProcessIsolation.class.getModule())) {
            // Said now, not as a NoClassDefFoundError from Agrona at the first restart.
            throw new IllegalStateException("process isolation needs this JVM started with "
                + JavaLauncher.AGRONA_EXPORTS + " (Agrona's rings read memory through jdk.internal.misc.Unsafe; "
                + "newt.jar's manifest says so, a test's surefire argLine must)");
        }
        this.launcher = new JavaLauncher(b.jvmOptions);
        this.warmSpares = b.warmSpares;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.startTimeout = b.startTimeout;
        this.watch = new Thread(this::watchHeartbeats, "newt-process-watch");
        watch.setDaemon(true);
        watch.start();
        this.hook = new Thread(this::killAll, "newt-process-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        synchronized (this) {
            refill();
        }
    }

    /** @return a builder: no warm spare, 64 MB heaps, a heartbeat timeout of 1 s */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The isolation that runs a server in a child JVM built there by {@code recipe}.
     *
     * @param recipe a recipe class with a public no-argument constructor, on this JVM's classpath
     * @param args   the recipe's arguments
     * @return the isolation to give the server's spec ({@link ServerSpec#withIsolation})
     */
    public Isolation of(final Class<? extends ServerRecipe> recipe, final String... args) {
        final Placement placement = new Placement(recipe.getName(), List.of(args));
        return new Isolation() {
            @Override
            public <S> Server<S> serverFor(final ServerSpec<S> spec) {
                return new ProcessProxy<>(ProcessIsolation.this, placement, spec);
            }

            @Override
            public String label() {
                return "process";
            }
        };
    }

    /**
     * The spec {@code recipe} makes for {@code name}, running in a child JVM: the parent and the
     * child build it from the same recipe, so they agree on its settings.
     *
     * @param recipe the recipe
     * @param name   the server's name
     * @param args   the recipe's arguments
     * @return the spec, with this isolation
     */
    public ServerSpec<?> spec(final Class<? extends ServerRecipe> recipe, final String name, final String... args) {
        final ServerSpec<?> spec = recipe(recipe.getName()).spec(name, List.of(args));
        synchronized (this) {
            preloads.add(new Preload(new Placement(recipe.getName(), List.of(args)), name));
            for (ServerProcess p : spares) {
                preload(p, preloads.get(preloads.size() - 1));
            }
        }
        return spec.withIsolation(of(recipe, args));
    }

    /** @return the recipe named, instantiated once per JVM */
    static ServerRecipe recipe(final String className) {
        return RECIPES.computeIfAbsent(className, n -> {
            try {
                return (ServerRecipe) Class.forName(n).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalArgumentException("cannot make server recipe " + n + ": " + e, e);
            }
        });
    }

    // ---- children ----

    /**
     * A process for {@code server}'s next incarnation, ready: the one its last incarnation left
     * sound, else a warm spare, else a new one (a cold start: a JVM boots).
     */
    ServerProcess acquire(final String server) {
        ServerProcess p;
        boolean cold = false;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("process isolation is closed");
            }
            p = parked.remove(server);
            if (p != null && !p.alive()) {
                retire(p);
                p = null;
            }
            while (p == null && !spares.isEmpty()) {
                p = spares.poll();
                if (!p.alive()) {
                    retire(p);
                    p = null;
                }
            }
            if (p == null) {
                p = spawn();
                cold = true;
            }
        }
        // Off the restart's path: starting a JVM (fork and exec) takes milliseconds.
        spawner.execute(this::refillNow);
        if (cold) {
            coldStarts++;
        } else {
            warmStarts++;
        }
        p.awaitReady(startTimeout.toNanos());
        return p;
    }

    /** Keeps a sound process for {@code server}'s next incarnation. */
    synchronized void park(final String server, final ServerProcess p) {
        final ServerProcess old = parked.put(server, p);
        if (old != null && old != p) {
            retire(old);
        }
    }

    /** Kills a process and removes its rings. */
    void retire(final ServerProcess p) {
        all.remove(p);
        p.close();
    }

    /** Retires a process on the spawner's thread: killing and reaping it takes milliseconds. */
    void retireLater(final ServerProcess p) {
        try {
            spawner.execute(() -> retire(p));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: close() kills every child, this one included.
        }
    }

    private ServerProcess spawn() {
        final ServerProcess p = ServerProcess.spawn(launcher);
        all.add(p);
        return p;
    }

    private synchronized void refillNow() {
        refill();
    }

    private void refill() {
        while (!closed && spares.size() < warmSpares) {
            final ServerProcess p = spawn();
            preloads.forEach(l -> preload(p, l));
            spares.add(p);
        }
    }

    /** Queues a preload on a spare's ring (the only writer until a server takes the spare: this, under the lock). */
    private static void preload(final ServerProcess p, final Preload l) {
        p.out.reset().putString(l.placement().recipe()).putInt(l.placement().args().size());
        l.placement().args().forEach(p.out::putString);
        p.out.putString(l.name());
        p.toChild.offer(Frames.PRELOAD, p.out);
    }

    /** @return the process ids of every child alive now, spares included */
    public List<Long> children() {
        final List<Long> pids = new ArrayList<>();
        for (ServerProcess p : all) {
            if (p.alive()) {
                pids.add(p.pid());
            }
        }
        return pids;
    }

    /** @return how many warm spares have booted (their heartbeat runs) and wait for a server */
    public synchronized int sparesBooted() {
        int n = 0;
        for (ServerProcess p : spares) {
            if (p.alive() && p.heartbeat() > 0) {
                n++;
            }
        }
        return n;
    }

    /** @return how many incarnations had to wait for a new JVM (no spare, no sound process left) */
    public long coldStarts() {
        return coldStarts;
    }

    /** @return how many incarnations started in a process that was ready (a spare or their own) */
    public long warmStarts() {
        return warmStarts;
    }

    private void watchHeartbeats() {
        final long timeout = heartbeatTimeout.toMillis();
        while (!closed) {
            final long now = System.currentTimeMillis();
            for (ServerProcess p : all) {
                final long beat = p.heartbeat();
                if (p.ready() && beat > 0 && now - beat > timeout && p.alive()) {
                    p.kill("no heartbeat for " + (now - beat) + " ms");
                }
            }
            try {
                Thread.sleep(Math.max(1, Math.min(25, timeout / 4)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void killAll() {
        for (ServerProcess p : all) {
            p.close();
        }
        all.clear();
    }

    /** Kills every child, spares included, and waits (bounded) for each. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            spares.clear();
            parked.clear();
        }
        watch.interrupt();
        spawner.shutdownNow();
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook runs anyway.
        }
        try {
            watch.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of a {@link ProcessIsolation}. */
    public static final class Builder {
        private int warmSpares;
        private List<String> jvmOptions = List.of("-Xmx64m", "-XX:+UseSerialGC");
        private Duration heartbeatTimeout = Duration.ofSeconds(1);
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** @param n JVMs to keep booted and waiting for a server (0: every new process is a cold start) @return this */
        public Builder warmSpares(final int n) {
            if (n < 0) {
                throw new IllegalArgumentException("warmSpares must be >= 0, was " + n);
            }
            this.warmSpares = n;
            return this;
        }

        /** @param options the children's JVM options (heap, GC, ...) @return this */
        public Builder jvmOptions(final List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** @param timeout a child whose heartbeat is older is killed (and restarted) @return this */
        public Builder heartbeatTimeout(final Duration timeout) {
            if (timeout.toMillis() < 20) {
                throw new IllegalArgumentException("heartbeatTimeout must be >= 20 ms, was " + timeout);
            }
            this.heartbeatTimeout = timeout;
            return this;
        }

        /** @param timeout how long a new child may take to boot @return this */
        public Builder startTimeout(final Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** @return the isolation; its spares start booting now */
        public ProcessIsolation build() {
            return new ProcessIsolation(this);
        }
    }
}
