package dev.newt.serve;

import dev.newt.campaign.run.FaultPlans;
import dev.newt.campaign.spec.Experiment;
import dev.newt.campaign.spec.StackServer;
import dev.newt.campaign.spec.SystemModel;
import dev.newt.campaign.system.ImageArgs;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerStatus;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.update.HealthCheck;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running system as the control API sees it, whatever built it (a campaign file's system for
 * {@code newt serve}, a TAP host for {@code newt host}): server statuses, faults injected by a
 * live swap to an image woven with them, live updates, their rollback on request, and recovery
 * policy changes. Every call that touches the runtime goes through its {@link RuntimeDriver}.
 */
public abstract class ControlledSystem implements AutoCloseable {
    private final Map<String, TrackedUpdate> tracked = new ConcurrentHashMap<>();
    private final List<FaultInjector> injectors = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextUpdate = new AtomicInteger(1);
    private final AtomicInteger nextFault = new AtomicInteger(1);
    private UpdateManager updates;

    /** @return the runtime (its event log, and reads that are safe from any thread) */
    public abstract NewtRuntime runtime();

    /** @return the one door to the runtime */
    abstract RuntimeDriver driver();

    /** @return the system model fault plans are made against */
    abstract SystemModel model();

    /**
     * @param server a server's name
     * @return its constructor arguments (its configuration), as the running version got them
     */
    abstract Object[] constructorArgs(String server);

    /**
     * @param server a server's name
     * @return why it cannot be a target of faults and updates, or {@code null} if it can
     */
    abstract String refusal(String server);

    /**
     * Reads a fault request as a campaign file's experiment entry.
     *
     * @param jsonEntry the request as one line of JSON
     * @return its experiment, or its problems
     */
    abstract FaultRequests.Read readFault(String jsonEntry);

    /** @return a short description for the banner and the dashboard's title */
    public abstract String title();

    private synchronized UpdateManager updates() {
        if (updates == null) {
            updates = UpdateManager.of(runtime());
        }
        return updates;
    }

    /** @return every server's status with its recovery policy, taken on the runtime's side */
    CompletableFuture<List<Map<String, Object>>> servers() {
        return driver().call(() -> {
            final List<Map<String, Object>> out = new ArrayList<>();
            for (ServerStatus s : runtime().statuses()) {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("host", s.name().contains(".") ? s.name().substring(0, s.name().indexOf('.')) : "");
                m.put("state", s.state().name().toLowerCase(Locale.ROOT));
                m.put("epoch", s.epoch());
                m.put("restarts", s.restarts());
                m.put("handled", s.handled());
                m.put("queued", s.queued());
                m.put("recovery", runtime().spec(s.name()).recovery().label());
                out.add(m);
            }
            return out;
        });
    }

    /**
     * Arms a fault and swaps its target, live, to a copy of its image woven with it (a server
     * carries the last fault injected into it; an earlier one is gone with the old image).
     *
     * @param e the fault, as an experiment
     * @return the fault's id and the update that swaps it in
     */
    CompletableFuture<Map<String, Object>> inject(final Experiment e) {
        final String refused = refusal(e.target());
        if (refused != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("target '" + e.target() + "' "
                + refused));
        }
        final String faultId = "f" + nextFault.getAndIncrement();
        final Experiment named = new Experiment(faultId, e.index(), e.target(), e.fault(), e.trigger(), e.recovery(),
            e.repetition(), e.seed());
        return driver().call(() -> {
            final FaultInjector injector = FaultInjector.of(FaultPlans.of(model(), named));
            final StackServer kind = StackServer.of(e.target());
            final ServerImage image = injector.weave(e.target(), ServerImage.of(e.target(), kind.serverClass()));
            final ServerSpec<Object> spec = ImageSpecs.sameSettings(runtime().spec(e.target()), image,
                kind.serverClass().getName(), kind.stateClassName(),
                ImageArgs.into(image, constructorArgs(e.target())));
            injector.install(runtime());
            injectors.add(injector);
            final String updateId = startTracked(UpdatePlan.of(e.target(), spec).image("fault:" + faultId)
                    // No probation: the fault's failures belong to the supervisor, not to a rollback.
                    .probation(Duration.ZERO, HealthCheck.serving()),
                e.target(), "fault:" + faultId, null);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", faultId);
            m.put("target", e.target());
            m.put("fault", named.fault().label());
            m.put("trigger", named.trigger().data());
            m.put("update", updateId);
            return m;
        });
    }

    /**
     * Starts a live update of a stack server to the classes of an image directory or jar.
     *
     * @param server      the server
     * @param image       the image path
     * @param serverClass its server class, or {@code null} for the running one's name
     * @param extraArgs   constructor arguments after the configuration
     * @return the update's id
     */
    CompletableFuture<String> update(final String server, final Path image, final String serverClass,
                                     final List<Object> extraArgs) {
        final String refused = refusal(server);
        if (refused != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("server '" + server + "' "
                + refused));
        }
        return driver().call(() -> {
            runtime().spec(server);     // an unknown server fails here, naming it
            final StackServer kind = StackServer.of(server);
            if (!Files.exists(image)) {
                throw new IllegalArgumentException("image '" + image + "' does not exist");
            }
            final ServerImage img = ServerImage.ofPackageAt(image.getFileName().toString(), image, kind.serverClass());
            final List<Object> args = new ArrayList<>(List.of(constructorArgs(server)));
            args.addAll(extraArgs);
            final String cls = serverClass != null ? serverClass : kind.serverClass().getName();
            final ServerSpec<Object> spec = ImageSpecs.sameSettings(runtime().spec(server), img, cls,
                kind.stateClassName(), ImageArgs.into(img, args.toArray()));
            final String label = image.getFileName().toString();
            return startTracked(UpdatePlan.of(server, spec).image(label), server, label, null);
        });
    }

    /**
     * Rolls a committed update back on request: a live update of its server back to the spec it
     * ran before (its state transferred back as by any update).
     *
     * @param id an update's id, or {@code last} for the last update requested that committed
     * @return the rollback's own update id and the one it rolls back
     */
    CompletableFuture<Map<String, Object>> rollback(final String id) {
        final TrackedUpdate target = id.equals("last") ? lastCommitted() : tracked.get(id);
        if (target == null) {
            return CompletableFuture.failedFuture(new NoSuchUpdate(id.equals("last")
                ? "no committed update to roll back" : "no update '" + id + "'"));
        }
        final String unfit = target.whyNotRollbackable();
        if (unfit != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(unfit));
        }
        return driver().call(() -> {
            final String rid = startTracked(UpdatePlan.of(target.server(), target.previous())
                .image("rollback:" + target.id()), target.server(), "rollback:" + target.id(), target.id());
            target.rolledBackBy(rid);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rid);
            m.put("url", "/api/updates/" + rid);
            m.put("rollsBack", target.id());
            return m;
        });
    }

    private TrackedUpdate lastCommitted() {
        TrackedUpdate last = null;
        for (TrackedUpdate t : tracked.values()) {
            if (t.committed() && t.rollsBack() == null && t.rolledBackBy() == null
                && (last == null || t.number() > last.number())) {
                last = t;
            }
        }
        return last;
    }

    /**
     * Changes a server's recovery policy at run time ({@link NewtRuntime#changeRecovery}).
     *
     * @param server the server
     * @param label  the policy's label: {@code fresh}, {@code checkpoint} or {@code checkpoint+replay}
     * @return the server, the policy it had and the new one
     */
    CompletableFuture<Map<String, Object>> changeRecovery(final String server, final String label) {
        final RecoveryPolicy policy = RecoveryPolicy.fromLabel(label);
        return driver().call(() -> {
            final String was = runtime().spec(server).recovery().label();
            runtime().changeRecovery(server, policy);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("server", server);
            m.put("from", was);
            m.put("recovery", policy.label());
            return m;
        });
    }

    private String startTracked(final UpdatePlan plan, final String server, final String image,
                                final String rollsBack) {
        final int n = nextUpdate.getAndIncrement();
        final String id = "u" + n;
        final TrackedUpdate t = new TrackedUpdate(id, n, server, image, runtime().now(), runtime().spec(server),
            rollsBack);
        runtime().events().subscribe(t::onEvent);
        tracked.put(id, t);
        t.follow(updates().start(plan));
        return id;
    }

    /** @param id an update's id @return it, or {@code null} */
    TrackedUpdate tracked(final String id) {
        return tracked.get(id);
    }

    /** @return the outcome of an update once done, for tests */
    CompletableFuture<UpdateOutcome> outcome(final String id) {
        return tracked.get(id).outcome();
    }

    /** Closes the injectors of the faults injected so far. */
    void closeInjectors() {
        for (FaultInjector i : injectors) {
            i.close();
        }
    }

    /** Stops what this system owns (without checked exceptions: a control plane closes it on its way out). */
    @Override
    public abstract void close();

    /** An update id that names none: a 404. */
    static final class NoSuchUpdate extends RuntimeException {
        NoSuchUpdate(final String message) {
            super(message, null, false, false);
        }
    }
}
