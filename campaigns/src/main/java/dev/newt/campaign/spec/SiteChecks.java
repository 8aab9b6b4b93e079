package dev.newt.campaign.spec;

import dev.newt.campaign.validate.Problem;
import dev.newt.core.image.ServerImage;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.FaultSpecException;
import dev.newt.faults.inject.FaultInjector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weaves each distinct (server, fault) pair of a campaign (its experiments' and its schedules') once, without running anything, to find
 * sites that match no method or a fault type that cannot act at the methods selected: the
 * injector's own errors, reported at the fault's place in the file.
 */
public final class SiteChecks {
    private SiteChecks() {
    }

    /** @param c a valid campaign @return the problems weaving finds, in file order */
    public static List<Problem> check(final Campaign c) {
        final List<Problem> out = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final ClassLoader plugins = Plugins.loader(Plugins.paths(c.system()));
        final List<Map.Entry<List<String>, List<FaultModel>>> sets = new ArrayList<>();
        c.groups().forEach(g -> sets.add(Map.entry(g.targets(), g.faults())));
        final ScheduleModel s = c.schedules();
        if (s != null && s.replay() == null) {
            sets.add(Map.entry(s.targets().stream().map(Weighted::item).toList(),
                s.faults().stream().map(Weighted::item).toList()));
        } else if (s != null) {
            s.replay().faults().forEach(f -> sets.add(Map.entry(List.of(f.target()), List.of(f.fault()))));
        }
        for (Map.Entry<List<String>, List<FaultModel>> g : sets) {
            for (String target : g.getKey()) {
                for (FaultModel f : g.getValue()) {
                    // Servers of one kind share their classes: checking one of them checks all.
                    final UserComponent user = Components.user(c.system(), target);
                    final String kind = user != null ? "user:" + target : AppServer.of(target).map(a -> "app:" + a.name())
                        .orElseGet(() -> StackServer.of(target).name());
                    if (!seen.add(kind + "|" + f.label() + "|" + f.classPattern() + "|" + f.method())) {
                        continue;
                    }
                    final Map<String, Object> data = new LinkedHashMap<>(f.params());
                    data.put("id", "check");
                    data.put("server", target);
                    data.put("class", f.classPattern() != null ? f.classPattern()
                        : Components.defaultSiteClassName(c.system(), target));
                    data.put("method", f.method() != null ? f.method() : "handle");
                    data.put("type", f.type());
                    data.put("trigger", Map.of("always", true));
                    try (FaultInjector faults = FaultInjector.of(FaultPlan.of(0, FaultSpec.fromMap(data)))) {
                        faults.weave(target, Components.image(c.system(), target, plugins));
                    } catch (FaultSpecException e) {
                        out.add(new Problem(f.location(), "fault " + f.label() + " in " + target,
                            e.getMessage().replaceFirst("^fault 'check': ", ""), null));
                    }
                }
            }
        }
        return out;
    }
}
