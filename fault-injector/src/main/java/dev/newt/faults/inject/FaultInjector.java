package dev.newt.faults.inject;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.EventLog;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.faults.CandidateSite;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.FaultSpecException;
import dev.newt.faults.FaultSummary;
import dev.newt.faults.FaultType;
import dev.newt.faults.arm.ArmedFault;
import dev.newt.faults.arm.ArmedSite;
import dev.newt.faults.arm.FaultRegistry;
import dev.newt.faults.arm.Installation;
import dev.newt.faults.arm.Leaks;
import dev.newt.faults.arm.MethodSite;
import dev.newt.faults.effect.FlipComparison;
import dev.newt.faults.weave.Sites;
import dev.newt.faults.weave.Weaver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves a {@link FaultPlan}'s faults into server images and arms them in a runtime.
 *
 * <pre>{@code
 * FaultInjector faults = FaultInjector.of(FaultPlan.of(7, FaultSpec.builder("crash-3rd")
 *     .site("counter", "*.Counter", "handle").type("crash").trigger(Trigger.nth(3)).build()));
 * ServerSpec<Object> spec = faults.spec("counter", ServerImage.of("counter", Counter.class),
 *     "x.y.Counter", "x.y.Counter$State");          // woven; a site that matches nothing fails here
 * try (NewtRuntime rt = NewtRuntime.builder().server(spec).build()) {
 *     faults.install(rt);                            // arms; records fault-armed
 *     rt.start();
 *     ...
 *     faults.finish();                               // fault-not-activated, fault-disarmed
 * }
 * }</pre>
 *
 * <p>Life cycle: weave every image first (before the run, so that bad sites fail early), then
 * {@link #install} into one runtime before it starts, then {@link #finish} at the end of the run.
 * An injector can be installed again afterwards: its faults start afresh, so the same plan and
 * seed activate the same calls. Images woven while installed (a live update) are armed at once.
 * Thread-safe.
 */
public final class FaultInjector implements AutoCloseable {
    private final FaultPlan plan;
    private final Map<String, List<MethodSite>> sitesByFault = new LinkedHashMap<>();
    private final List<String> wovenServers = new ArrayList<>();
    /** Servers whose woven classes run in another process: their activations come back as events. */
    private final java.util.Set<String> elsewhere = new java.util.LinkedHashSet<>();
    private Installation installation;
    private final Map<String, ArmedFault> armed = new LinkedHashMap<>();

    private FaultInjector(final FaultPlan plan) {
        this.plan = plan;
        for (FaultSpec f : plan.faults()) {
            sitesByFault.put(f.id(), new ArrayList<>());
        }
    }

    /** @param plan the faults @return an injector for them */
    public static FaultInjector of(final FaultPlan plan) {
        return new FaultInjector(plan);
    }

    /** @return the plan */
    public FaultPlan plan() {
        return plan;
    }

    /**
     * Weaves the faults whose site names {@code server} into {@code image}.
     *
     * @param server the name the server will run under
     * @param image  its classes
     * @return a new image whose loader weaves the sites (its classes with sites are loaded, hence
     *         woven, now), or {@code image} itself when no fault targets the server
     * @throws FaultSpecException naming the fault when its site matches no method of the image,
     *                            its type cannot act at any method it matches, or its exception
     *                            class is missing or no Throwable
     */
    public synchronized ServerImage weave(final String server, final ServerImage image) {
        final List<FaultSpec> mine = plan.faults().stream().filter(f -> f.site().matchesServer(server)).toList();
        if (mine.isEmpty()) {
            return image;
        }
        final TypePool pool = Sites.poolOf(image);
        final List<String> classes = image.classNames();
        // Check everything before taking ids, so that an error leaves no half-woven state behind.
        final List<MethodSite> planned = new ArrayList<>();
        for (FaultSpec f : mine) {
            planned.addAll(plan(f, server, image, pool, classes));
        }
        final Map<String, List<MethodSite>> byClass = new LinkedHashMap<>();
        final List<MethodSite> created = new ArrayList<>();
        for (MethodSite p : planned) {
            final MethodSite s = p.withId(FaultRegistry.allocate());
            byClass.computeIfAbsent(s.className(), k -> new ArrayList<>()).add(s);
            created.add(s);
        }
        final ServerImage woven = image.withTransformer(new Weaver(byClass, Sites.locatorOf(image)));
        for (String cn : byClass.keySet()) {
            woven.loadClass(cn);
        }
        wovenServers.add(server);
        added(created);
        return woven;
    }

    private static List<MethodSite> plan(final FaultSpec f, final String server, final ServerImage image,
                                         final TypePool pool, final List<String> classes) {
        if (f.type() == FaultType.CRASH) {
            Sites.checkException(f, pool, image.name());
        }
        final List<Sites.Selected> selected = Sites.select(pool, classes, f.site());
        if (selected.isEmpty()) {
            throw FaultSpecException.of(f.id(), "site " + f.site() + " matches nothing in image '" + image.name()
                + "' of server '" + server + "': " + Sites.near(pool, classes, f.site()));
        }
        final List<MethodSite> fit = new ArrayList<>();
        final List<String> unfit = new ArrayList<>();
        for (Sites.Selected s : selected) {
            final MethodSite site = Sites.describe(-1, f, s);
            String why = Sites.unfit(site);
            if (why == null && f.type() == FaultType.FLIP_COMPARISON) {
                final int jumps = FlipComparison.count(image.classBytes(site.className()), site.method(),
                    site.descriptor());
                final int wanted = (Integer) f.param("comparison");
                if (wanted >= jumps) {
                    why = "has " + jumps + " conditional jump(s), so no comparison " + wanted;
                }
            }
            if (why == null) {
                fit.add(site);
            } else {
                unfit.add(site.label() + " " + why);
            }
        }
        if (fit.isEmpty()) {
            throw FaultSpecException.of(f.id(), "a " + f.type().label() + " fault cannot act at any method its site "
                + f.site() + " selects: " + String.join("; ", unfit));
        }
        return fit;
    }

    /**
     * Says that {@code server}'s woven classes run in another process (a server with
     * {@code isolation: process}), whose own injector decides and applies its faults: this one
     * counts their activations from the {@code fault-activated} events that process records in
     * this injector's log, so that {@link #finish} reports them as if they had fired here. Their
     * calls are known only up to the last activation.
     *
     * @param server the server's name
     */
    public synchronized void runsElsewhere(final String server) {
        elsewhere.add(server);
    }

    /**
     * Weaves the image for {@code name} and builds its spec with {@link ImageSpecs#spec}.
     *
     * @param name            the server's name
     * @param image           its classes
     * @param serverClassName its server class
     * @param stateClassName  its state class
     * @param constructorArgs for its constructor
     * @return the spec of the woven server
     */
    public ServerSpec<Object> spec(final String name, final ServerImage image, final String serverClassName,
                                   final String stateClassName, final Object... constructorArgs) {
        return ImageSpecs.spec(name, weave(name, image), serverClassName, stateClassName, constructorArgs);
    }

    /**
     * Arms every fault in {@code rt}, recording {@code fault-armed} for each; call before
     * {@code rt.start()}.
     *
     * @param rt the runtime the woven servers run in
     * @throws FaultSpecException naming a fault that was never woven: its site names no server an
     *                            image was woven for
     * @throws IllegalStateException if already installed
     */
    public synchronized void install(final NewtRuntime rt) {
        for (FaultSpec f : plan.faults()) {
            if (sitesByFault.get(f.id()).isEmpty()) {
                throw FaultSpecException.of(f.id(), "site " + f.site() + " names no server an image was woven for"
                    + " (woven: " + wovenServers + ")");
            }
        }
        arm(Installation.of(rt));
    }

    /**
     * Arms every fault with events going to {@code log} and time windows on a clock that starts
     * now: for code woven by the agent, outside any runtime.
     *
     * @param log where events go
     */
    public synchronized void installStandalone(final EventLog log) {
        arm(Installation.standalone(log));
    }

    private void arm(final Installation inst) {
        if (installation != null) {
            throw new IllegalStateException("fault injector already installed; finish() the previous run first");
        }
        installation = inst;
        for (FaultSpec f : plan.faults()) {
            final ArmedFault a = new ArmedFault(f, inst, plan.seed());
            armed.put(f.id(), a);
            a.listen(inst.log);
            if (elsewhere.stream().anyMatch(f.site()::matchesServer)) {
                a.listenForActivations(inst.log);
            }
            final Map<String, Object> fields = a.fields();
            fields.put("site", f.site().toString());
            fields.put("trigger", f.trigger().describe());
            fields.put("sites", sitesByFault.get(f.id()).size());
            f.params().forEach((k, v) -> fields.put(k, v instanceof Duration d ? d.toNanos() : v));
            inst.log.record(new CustomEvent(inst.clock.getAsLong(), f.site().server(), EventKinds.FAULT_ARMED, fields));
        }
        for (List<MethodSite> sites : sitesByFault.values()) {
            armSites(sites);
        }
    }

    private void armSites(final List<MethodSite> sites) {
        final List<ArmedSite> toArm = new ArrayList<>();
        for (MethodSite s : sites) {
            final ArmedFault fault = armed.get(s.fault().id());
            if (fault != null && fault.armed()) {
                final ArmedSite as = new ArmedSite(s, fault);
                fault.addSite(as);
                toArm.add(as);
            }
        }
        FaultRegistry.arm(toArm);
    }

    private void added(final List<MethodSite> created) {
        for (MethodSite s : created) {
            sitesByFault.get(s.fault().id()).add(s);
        }
        if (installation != null) {
            armSites(created);
        }
    }

    /**
     * Disarms one fault now, recording {@code fault-disarmed}.
     *
     * @param faultId the fault
     * @return whether it was armed
     */
    public synchronized boolean disarm(final String faultId) {
        final ArmedFault a = armed.get(faultId);
        if (a == null || !a.disarm()) {
            return false;
        }
        installation.log.record(new CustomEvent(installation.clock.getAsLong(), a.spec.site().server(),
            EventKinds.FAULT_DISARMED, a.disarmed("disarmed", null)));
        return true;
    }

    /**
     * Ends the run: records {@code fault-not-activated} for each fault that never activated and
     * {@code fault-disarmed} for each still armed, disarms them and releases leaked memory.
     *
     * @return what each fault did, in plan order
     */
    public synchronized List<FaultSummary> finish() {
        if (installation == null) {
            throw new IllegalStateException("fault injector is not installed");
        }
        final List<FaultSummary> out = new ArrayList<>();
        final long now = installation.clock.getAsLong();
        for (ArmedFault a : armed.values()) {
            final FaultSummary s = new FaultSummary(a.spec.id(), a.spec.type(), a.calls(), a.activatedAt());
            out.add(s);
            final String server = a.spec.site().server();
            if (!s.activated()) {
                final Map<String, Object> fields = a.fields();
                fields.put("site", a.spec.site().toString());
                fields.put("trigger", a.spec.trigger().describe());
                fields.put("calls", s.calls());
                installation.log.record(new CustomEvent(now, server, EventKinds.FAULT_NOT_ACTIVATED, fields));
            }
            if (a.disarm()) {
                installation.log.record(new CustomEvent(now, server, EventKinds.FAULT_DISARMED,
                    a.disarmed("end of run", s.activatedAt().size())));
            }
            Leaks.release(a);
        }
        armed.clear();
        installation = null;
        return out;
    }

    /** @return bytes retained by this injector's leak faults right now */
    public synchronized long leakedBytes() {
        long sum = 0;
        for (ArmedFault a : armed.values()) {
            sum += Leaks.retainedBy(a);
        }
        return sum;
    }

    /** @return bytes released: the memory this injector's leak faults retained */
    public synchronized long releaseLeaks() {
        long sum = 0;
        for (ArmedFault a : armed.values()) {
            sum += Leaks.release(a);
        }
        return sum;
    }

    /** Disarms everything and releases leaks, without events: for cleanup after a failed run. */
    @Override
    public synchronized void close() {
        for (ArmedFault a : armed.values()) {
            a.disarm();
            Leaks.release(a);
        }
        armed.clear();
        installation = null;
    }

    /**
     * @param image a server image
     * @return every method of its classes that a fault can be woven into, by class
     */
    public static List<CandidateSite> listSites(final ServerImage image) {
        return Sites.list(image);
    }

    /**
     * @param type a class, read from where it was loaded
     * @return every method of it (and its nested classes) that a fault can be woven into
     */
    public static List<CandidateSite> listSites(final Class<?> type) {
        return Sites.list(ServerImage.builder(type.getName()).classPath(ServerImage.locationOf(type))
            .include(type.getName()).parent(type.getClassLoader()).build());
    }

    /**
     * The sites the agent weaves into {@code type}, as it is loaded: every fault whose class and
     * method patterns match (the server pattern is checked when a site is called). Methods the
     * fault's type cannot act at are left out.
     */
    synchronized List<MethodSite> sitesForAgent(final TypeDescription type) {
        final List<MethodSite> created = new ArrayList<>();
        for (FaultSpec f : plan.faults()) {
            if (!f.site().matchesClass(type.getName())) {
                continue;
            }
            for (var m : type.getDeclaredMethods()) {
                if (Sites.isCandidate(m) && f.site().matchesMethod(m.getName(), m.getDescriptor())) {
                    final MethodSite probe = Sites.describe(-1, f, new Sites.Selected(type, m));
                    if (Sites.unfit(probe) == null) {
                        created.add(probe.withId(FaultRegistry.allocate()));
                    }
                }
            }
        }
        added(created);
        return created;
    }
}
