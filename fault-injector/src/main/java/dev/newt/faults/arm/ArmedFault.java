package dev.newt.faults.arm;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.EventLog;
import dev.newt.core.event.FaultActivated;
import dev.newt.core.event.FaultDisarmed;
import dev.newt.core.server.ServerContext;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.Glob;
import dev.newt.faults.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fault armed in one installation: its trigger's state (counts, random source, window), its
 * activations and its sites in the registry. Trigger decisions are synchronized: a fault's sites
 * may be called from several server threads.
 * Public for the injector's other packages; not an API.
 */
public final class ArmedFault {
    public final FaultSpec spec;
    final Installation installation;
    private final Glob server;
    private final SplittableRandom triggerRandom;
    /** Effects draw from their own source, so that what a fault does never shifts when it fires. */
    final SplittableRandom effectRandom;
    private final List<ArmedSite> sites = new ArrayList<>();
    private final List<Long> activatedAt = new ArrayList<>();
    private volatile boolean opened;
    private volatile boolean closed;
    private boolean armed = true;
    private long count;
    private long calls;
    private long epoch = Long.MIN_VALUE;

    public ArmedFault(final FaultSpec spec, final Installation installation, final long planSeed) {
        this.spec = spec;
        this.installation = installation;
        this.server = Glob.of(spec.site().server());
        long h = planSeed * 0x9E3779B97F4A7C15L + spec.id().hashCode();
        h = h * 0xBF58476D1CE4E5B9L + spec.site().toString().hashCode();
        this.triggerRandom = new SplittableRandom(h ^ (h >>> 31));
        this.effectRandom = triggerRandom.split();
        this.opened = spec.trigger().after() == null;
    }

    /** Opens or closes the window on the events it waits for; called on the recording thread. */
    public void listen(final EventLog log) {
        final Trigger t = spec.trigger();
        if (t.after() == null && t.until() == null) {
            return;
        }
        log.subscribe(e -> {
            if (t.after() != null && !opened && t.after().matches(e)) {
                opened = true;
            }
            if (t.until() != null && opened && t.until().matches(e)) {
                closed = true;
            }
        });
    }

    /**
     * Counts the activations another process reports for this fault (its {@code fault-activated}
     * events in {@code log}): the fault runs there, in a process-isolated server, and this copy
     * only keeps the run's account of it.
     */
    public void listenForActivations(final EventLog log) {
        log.subscribe(e -> {
            if (e instanceof CustomEvent x && x.kind().equals(EventKinds.FAULT_ACTIVATED)
                && spec.id().equals(x.fields().get("fault"))) {
                activatedElsewhere(FaultActivated.from(x).call());
            }
        });
    }

    private synchronized void activatedElsewhere(final long call) {
        activatedAt.add(call);
        calls = Math.max(calls, call);
        if (!spec.trigger().persistent()) {
            armed = false;
            FaultRegistry.disarm(sites);
        }
    }

    public synchronized void addSite(final ArmedSite s) {
        sites.add(s);
    }

    /**
     * Counts a call if the window is open and decides whether it activates.
     *
     * @return the call's count (from 1) when it activates, else 0
     */
    synchronized long decide(final ServerContext ctx) {
        if (!armed || !opened || closed) {
            return 0;
        }
        if (ctx != null && !server.matches(ctx.name())) {
            return 0;
        }
        final Trigger t = spec.trigger();
        if (t.from() != null || t.to() != null) {
            final long now = installation.now(ctx);
            if ((t.from() != null && now < t.from().toNanos()) || (t.to() != null && now >= t.to().toNanos())) {
                return 0;
            }
        }
        if (t.persistent() && ctx != null && ctx.epoch() != epoch) {
            epoch = ctx.epoch();
            count = 0;
        }
        count++;
        calls++;
        final boolean fire = switch (t.kind()) {
            case NTH -> count == t.n();
            case EVERY -> count % t.n() == 0;
            case PROBABILITY -> triggerRandom.nextDouble() < t.probability();
            case ALWAYS -> true;
        };
        if (!fire) {
            return 0;
        }
        activatedAt.add(count);
        if (!t.persistent()) {
            armed = false;
            FaultRegistry.disarm(sites);
        }
        return count;
    }

    public synchronized boolean armed() {
        return armed;
    }

    /** Disarms the fault for good. @return whether it was armed */
    public synchronized boolean disarm() {
        final boolean was = armed;
        armed = false;
        FaultRegistry.disarm(sites);
        return was;
    }

    public synchronized long calls() {
        return calls;
    }

    public synchronized List<Long> activatedAt() {
        return List.copyOf(activatedAt);
    }

    /**
     * @param reason      why it stops acting
     * @param activations how often it activated, or null
     * @return the fields of its {@code fault-disarmed} event
     */
    public Map<String, Object> disarmed(final String reason, final Integer activations) {
        return new FaultDisarmed(spec.id(), spec.type().label(), reason, activations).toFields();
    }

    /** @return the first fields of every event about this fault */
    public Map<String, Object> fields() {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("fault", spec.id());
        f.put("type", spec.type().label());
        return f;
    }
}
