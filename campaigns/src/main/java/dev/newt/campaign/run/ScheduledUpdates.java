package dev.newt.campaign.run;

import dev.newt.campaign.spec.UpdateModel;
import dev.newt.campaign.system.SystemAssembly;
import dev.newt.results.UpdateResult;
import java.util.List;

/**
 * Performs a campaign's scheduled live updates in a run: the one place the update manager
 * connects to the runner ({@link ManagedUpdates}; a test can put a fake in its place).
 *
 * <p>How a run drives it ({@link InProcessRun}): {@link #schedule} before the runtime starts; then,
 * while the workloads run, whenever the runtime clock reaches {@link Scheduled#nextAt()} the run
 * calls {@link Scheduled#requestDue()} (on the simulated executor the run stops the simulation at
 * exactly that time; on the threaded one it waits for it), which must not block: the updates
 * proceed as the run goes on (for the update manager: {@code UpdateManager.start}, not
 * {@code update}); at the end, {@link Scheduled#results()}.
 */
public interface ScheduledUpdates {
    /** Updates scheduled in one runtime. */
    interface Scheduled {
        /** @return runtime clock time of the next update still to request, or {@link Long#MAX_VALUE} for none */
        long nextAt();

        /** Requests every update due by now, without waiting for it to finish. */
        void requestDue();

        /** @return one result per update, once the run is over (an update not finished: {@code aborted}) */
        List<UpdateResult> results();
    }

    /** Nothing to do: a run without updates. */
    Scheduled NONE = new Scheduled() {
        @Override
        public long nextAt() {
            return Long.MAX_VALUE;
        }

        @Override
        public void requestDue() {
        }

        @Override
        public List<UpdateResult> results() {
            return List.of();
        }
    };

    /**
     * @param system  the run's system: its runtime, built and not started, and its servers' configuration
     * @param updates the updates, each to be requested at its time on the runtime clock
     * @return the scheduled updates
     */
    Scheduled schedule(SystemAssembly.Assembled system, List<UpdateModel> updates);
}
