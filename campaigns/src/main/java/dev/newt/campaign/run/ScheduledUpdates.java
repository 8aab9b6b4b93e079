package dev.newt.campaign.run;

import dev.newt.campaign.spec.UpdateModel;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.results.UpdateResult;
import java.util.List;

/**
 * Performs a campaign's scheduled live updates in a run. The runner asks {@link #installed()};
 * the build's update manager is connected there (one place), and until it is, a campaign with
 * updates fails validation with "live updates are not available in this build".
 */
public interface ScheduledUpdates {
    /** No update manager in this build. */
    ScheduledUpdates UNAVAILABLE = new ScheduledUpdates() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Scheduled schedule(final NewtRuntime runtime, final List<UpdateModel> updates) {
            throw new UnsupportedOperationException("live updates are not available in this build");
        }
    };

    /** Updates scheduled in one runtime. */
    interface Scheduled {
        /** @return one result per update, once the run is over */
        List<UpdateResult> results();
    }

    /** @return whether this build can run live updates */
    boolean available();

    /**
     * @param runtime the run's runtime, built and not started
     * @param updates the updates, each requested at its time on the runtime clock
     * @return the scheduled updates, to ask for their results at the end of the run
     */
    Scheduled schedule(NewtRuntime runtime, List<UpdateModel> updates);

    /** @return the updates of this build: connect the update manager here */
    static ScheduledUpdates installed() {
        return UNAVAILABLE;
    }
}
