package dev.newt.serve;

import dev.newt.campaign.run.FaultPlans;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.Components;
import dev.newt.campaign.spec.Experiment;
import dev.newt.campaign.spec.StackServer;
import dev.newt.campaign.system.ImageArgs;
import dev.newt.campaign.system.SystemAssembly;
import dev.newt.core.event.EventLog;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerStatus;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A campaign's system and workloads running until closed, and what the control API does to it:
 * statuses, faults injected by a live swap to an image woven with them, and live updates.
 */
public final class LiveSystem implements AutoCloseable {
    private final Campaign campaign;
    private final SystemAssembly.Assembled assembled;
    private final RuntimeDriver driver;
    private final FaultRequests faultRequests;
    private final UpdateManager updates;
    private final Map<String, TrackedUpdate> tracked = new ConcurrentHashMap<>();
    private final List<FaultInjector> injectors = new ArrayList<>();
    private final AtomicInteger nextUpdate = new AtomicInteger(1);
    private final AtomicInteger nextFault = new AtomicInteger(1);

    private LiveSystem(final Campaign campaign, final String file, final String content) {
        this.campaign = campaign;
        this.assembled = SystemAssembly.build(campaign, FaultInjector.of(FaultPlan.of(campaign.seed())),
            new EventLog());
        this.driver = new RuntimeDriver(assembled.runtime());
        this.faultRequests = new FaultRequests(file, content);
        this.updates = UpdateManager.of(assembled.runtime());
    }

    /**
     * Builds and starts the system of a campaign.
     *
     * @param campaign the campaign, read from {@code file}
     * @param file     its file name
     * @param content  its text (fault requests are read as entries of it)
     * @param executor {@code simulated} (paced to the wall clock) or {@code threaded}
     * @return the running system
     */
    public static LiveSystem start(final Campaign campaign, final String file, final String content,
                                   final String executor) {
        final Campaign c = new Campaign(campaign.file(), campaign.fileSha256(), campaign.name(), campaign.seed(),
            executor, campaign.isolation(), campaign.duration(), campaign.deadline(), campaign.system(),
            campaign.workloads(), campaign.groups(), campaign.updates());
        final LiveSystem s = new LiveSystem(c, file, content);
        s.driver.start();
        return s;
    }

    /** @return the runtime (its event log, and reads that are safe from any thread) */
    public NewtRuntime runtime() {
        return assembled.runtime();
    }

    /** @return the campaign */
    public Campaign campaign() {
        return campaign;
    }

    /** @return every server's status with its recovery policy, taken on the runtime's side */
    CompletableFuture<List<Map<String, Object>>> servers() {
        return driver.call(() -> {
            final List<Map<String, Object>> out = new ArrayList<>();
            for (ServerStatus s : runtime().statuses()) {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("host", s.name().contains(".") ? s.name().substring(0, s.name().indexOf('.')) : "");
                m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
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
     * Reads a fault request as a campaign file's experiment entry.
     *
     * @param jsonEntry the request as one line of JSON
     * @return its experiment, or its problems
     */
    FaultRequests.Read readFault(final String jsonEntry) {
        return faultRequests.read(jsonEntry);
    }

    /**
     * Arms a fault and swaps its target, live, to a copy of its image woven with it (a server
     * carries the last fault injected into it; an earlier one is gone with the old image).
     *
     * @param e the fault, as an experiment
     * @return the fault's id and the update that swaps it in
     */
    CompletableFuture<Map<String, Object>> inject(final Experiment e) {
        if (Components.user(campaign.system(), e.target()) != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                "target '" + e.target() + "' is a user component; serve injects faults into stack servers only"));
        }
        final String faultId = "f" + nextFault.getAndIncrement();
        final Experiment named = new Experiment(faultId, e.index(), e.target(), e.fault(), e.trigger(), e.recovery(),
            e.repetition(), e.seed());
        return driver.call(() -> {
            final FaultInjector injector = FaultInjector.of(FaultPlans.of(campaign.system(), named));
            final StackServer kind = StackServer.of(e.target());
            final ServerImage image = injector.weave(e.target(), ServerImage.of(e.target(), kind.serverClass()));
            final var spec = ImageSpecs.sameSettings(runtime().spec(e.target()), image, kind.serverClass().getName(),
                kind.stateClassName(), ImageArgs.into(image, assembled.constructorArgs(e.target())));
            injector.install(runtime());
            injectors.add(injector);
            final String updateId = startTracked(UpdatePlan.of(e.target(), spec).image("fault:" + faultId)
                    // No probation: the fault's failures belong to the supervisor, not to a rollback.
                    .probation(java.time.Duration.ZERO, dev.newt.update.HealthCheck.serving()),
                List.of(e.target()), "fault:" + faultId);
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
        if (Components.user(campaign.system(), server) != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                "server '" + server + "' is a user component; serve updates stack servers only"));
        }
        return driver.call(() -> {
            runtime().spec(server);     // an unknown server fails here, naming it
            final StackServer kind = StackServer.of(server);
            if (!java.nio.file.Files.exists(image)) {
                throw new IllegalArgumentException("image '" + image + "' does not exist");
            }
            final ServerImage img = ServerImage.ofPackageAt(image.getFileName().toString(), image, kind.serverClass());
            final List<Object> args = new ArrayList<>(List.of(assembled.constructorArgs(server)));
            args.addAll(extraArgs);
            final String cls = serverClass != null ? serverClass : kind.serverClass().getName();
            final var spec = ImageSpecs.sameSettings(runtime().spec(server), img, cls, kind.stateClassName(),
                ImageArgs.into(img, args.toArray()));
            final String label = image.getFileName().toString();
            return startTracked(UpdatePlan.of(server, spec).image(label), List.of(server), label);
        });
    }

    private String startTracked(final UpdatePlan plan, final List<String> servers, final String image) {
        final String id = "u" + nextUpdate.getAndIncrement();
        final TrackedUpdate t = new TrackedUpdate(id, servers, image, runtime().now());
        runtime().events().subscribe(t::onEvent);
        tracked.put(id, t);
        t.follow(updates.start(plan));
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

    /** Stops the system: the driver, then the runtime and the injectors. */
    @Override
    public void close() {
        driver.close();
        for (FaultInjector i : injectors) {
            i.close();
        }
        assembled.faults().close();
    }
}
