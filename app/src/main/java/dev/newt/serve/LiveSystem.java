package dev.newt.serve;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.Components;
import dev.newt.campaign.spec.SystemModel;
import dev.newt.campaign.system.SystemAssembly;
import dev.newt.core.event.EventLog;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.inject.FaultInjector;

/**
 * A campaign's system and workloads running until closed ({@code newt serve}), under the control
 * of {@link ControlledSystem}: only Newt's own stack servers can be targets (not a campaign's user
 * components).
 */
public final class LiveSystem extends ControlledSystem {
    private final Campaign campaign;
    private final SystemAssembly.Assembled assembled;
    private final RuntimeDriver driver;
    private final FaultRequests faultRequests;

    private LiveSystem(final Campaign campaign, final String file, final String content) {
        this.campaign = campaign;
        this.assembled = SystemAssembly.build(campaign, FaultInjector.of(FaultPlan.of(campaign.seed())),
            new EventLog());
        this.driver = new RuntimeDriver(assembled.runtime());
        this.faultRequests = new FaultRequests(file, content);
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

    @Override
    public NewtRuntime runtime() {
        return assembled.runtime();
    }

    /** @return the campaign */
    public Campaign campaign() {
        return campaign;
    }

    @Override
    public String title() {
        return campaign.name() + " (" + campaign.executor() + ")";
    }

    @Override
    RuntimeDriver driver() {
        return driver;
    }

    @Override
    SystemModel model() {
        return campaign.system();
    }

    @Override
    Object[] constructorArgs(final String server) {
        return assembled.constructorArgs(server);
    }

    @Override
    String refusal(final String server) {
        return Components.user(campaign.system(), server) != null
            ? "is a user component; serve injects faults into and updates stack servers only" : null;
    }

    @Override
    FaultRequests.Read readFault(final String jsonEntry) {
        return faultRequests.read(jsonEntry);
    }

    /** Stops the system: the driver, then the runtime and the injectors. */
    @Override
    public void close() {
        driver.close();
        assembled.closeProcesses();
        closeInjectors();
        assembled.faults().close();
    }
}
