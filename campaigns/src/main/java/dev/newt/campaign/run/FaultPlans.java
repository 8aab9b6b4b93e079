package dev.newt.campaign.run;

import dev.newt.campaign.spec.Experiment;
import dev.newt.campaign.spec.FaultModel;
import dev.newt.campaign.spec.Schedule;
import dev.newt.campaign.spec.ScheduledFault;
import dev.newt.campaign.spec.Components;
import dev.newt.campaign.spec.SystemModel;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The fault plans of a campaign's runs: one fault per experiment, and the golden run's probes. */
public final class FaultPlans {
    /** A probe's trigger: counts every call of its sites and never activates. */
    private static final long NEVER = Long.MAX_VALUE;
    /** A system without user servers: every target is a stack server. */
    private static final SystemModel NEWT_ONLY = new SystemModel(List.of(), List.of(), List.of(), false);

    private FaultPlans() {
    }

    /** @param e an experiment of a system of Newt's own servers @return its plan (see {@link #of(SystemModel, Experiment)}) */
    public static FaultPlan of(final Experiment e) {
        return of(NEWT_ONLY, e);
    }

    /**
     * @param system the system the experiment runs on (its user servers' classes are the default sites)
     * @param e      an experiment
     * @return its plan: its one fault, seeded with its seed
     */
    public static FaultPlan of(final SystemModel system, final Experiment e) {
        final Map<String, Object> data = site(system, e.target(), e.fault());
        data.put("id", e.id());
        data.put("type", e.fault().type());
        data.put("trigger", e.trigger().data());
        data.putAll(e.fault().params());
        return FaultPlan.of(e.seed(), FaultSpec.fromMap(data));
    }

    /**
     * @param system   the system the schedule runs on
     * @param schedule a schedule
     * @return its plan: one fault per scheduled fault, named by its id, armed from its time, all seeded
     *         with the schedule's seed
     */
    public static FaultPlan of(final SystemModel system, final Schedule schedule) {
        final List<FaultSpec> specs = new ArrayList<>();
        for (ScheduledFault f : schedule.faults()) {
            final Map<String, Object> data = site(system, f.target(), f.fault());
            data.put("id", f.id());
            data.put("type", f.fault().type());
            data.put("trigger", f.triggerData());
            data.putAll(f.fault().params());
            specs.add(FaultSpec.fromMap(data));
        }
        return new FaultPlan(schedule.seed(), specs);
    }

    /**
     * @param experiments the campaign's experiments
     * @return the golden run's plan: for every distinct site the experiments use, a fault that
     *         never activates, so that its call count tells whether the workload reaches the site
     */
    public static FaultPlan probes(final List<Experiment> experiments) {
        return probes(NEWT_ONLY, experiments);
    }

    /**
     * @param system      the system the experiments run on
     * @param experiments the campaign's experiments
     * @return the golden run's plan, as {@link #probes(List)}
     */
    public static FaultPlan probes(final SystemModel system, final List<Experiment> experiments) {
        final Set<String> seen = new LinkedHashSet<>();
        final List<FaultSpec> probes = new ArrayList<>();
        for (Experiment e : experiments) {
            if (e.schedule() != null) {
                continue;
            }
            final Map<String, Object> data = site(system, e.target(), e.fault());
            if (seen.add(siteKey(data))) {
                data.put("id", "probe-" + probes.size());
                data.put("type", "crash");
                data.put("trigger", Map.of("nth", NEVER));
                probes.add(FaultSpec.fromMap(data));
            }
        }
        return new FaultPlan(0, probes);
    }

    /** @param target a server @param fault a fault @return the key of the site it goes to */
    public static String siteKey(final String target, final FaultModel fault) {
        return siteKey(NEWT_ONLY, target, fault);
    }

    /** @param system the system @param target a server @param fault a fault @return the key of the site it goes to */
    public static String siteKey(final SystemModel system, final String target, final FaultModel fault) {
        return siteKey(site(system, target, fault));
    }

    private static String siteKey(final Map<String, Object> site) {
        return site.get("server") + ":" + site.get("class") + "#" + site.get("method");
    }

    private static Map<String, Object> site(final SystemModel system, final String target, final FaultModel f) {
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("server", target);
        data.put("class", f.classPattern() != null ? f.classPattern()
            : Components.defaultSiteClassName(system, target));
        data.put("method", f.method() != null ? f.method() : "handle");
        return data;
    }
}
