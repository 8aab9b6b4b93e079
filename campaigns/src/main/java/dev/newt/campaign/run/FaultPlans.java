package dev.newt.campaign.run;

import dev.newt.campaign.spec.Experiment;
import dev.newt.campaign.spec.FaultModel;
import dev.newt.campaign.spec.StackServer;
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

    private FaultPlans() {
    }

    /** @param e an experiment @return its plan: its one fault, seeded with its seed */
    public static FaultPlan of(final Experiment e) {
        final Map<String, Object> data = site(e.target(), e.fault());
        data.put("id", e.id());
        data.put("type", e.fault().type());
        data.put("trigger", e.trigger().data());
        data.putAll(e.fault().params());
        return FaultPlan.of(e.seed(), FaultSpec.fromMap(data));
    }

    /**
     * @param experiments the campaign's experiments
     * @return the golden run's plan: for every distinct site the experiments use, a fault that
     *         never activates, so that its call count tells whether the workload reaches the site
     */
    public static FaultPlan probes(final List<Experiment> experiments) {
        final Set<String> seen = new LinkedHashSet<>();
        final List<FaultSpec> probes = new ArrayList<>();
        for (Experiment e : experiments) {
            final Map<String, Object> data = site(e.target(), e.fault());
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
        return siteKey(site(target, fault));
    }

    private static String siteKey(final Map<String, Object> site) {
        return site.get("server") + ":" + site.get("class") + "#" + site.get("method");
    }

    private static Map<String, Object> site(final String target, final FaultModel f) {
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("server", target);
        data.put("class", f.classPattern() != null ? f.classPattern()
            : StackServer.of(target).serverClass().getName());
        data.put("method", f.method() != null ? f.method() : "handle");
        return data;
    }
}
