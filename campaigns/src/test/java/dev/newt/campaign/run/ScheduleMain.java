package dev.newt.campaign.run;

import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import java.nio.file.Path;

/** {@code ScheduleMain FILE SEED LOG}: runs the schedule SEED of a campaign in a JVM of its own, its events to LOG. */
public final class ScheduleMain {
    private ScheduleMain() {
    }

    /** @param args FILE SEED LOG */
    public static void main(final String[] args) {
        final Campaign c = CampaignReader.read(Path.of(args[0])).campaign();
        final RunObservation o = CampaignRunner.runSchedule(c, c.schedules().scheduleFor(Long.parseLong(args[1])),
            Path.of(args[2]));
        System.out.println(o.harnessError() == null ? "ran " + o.events().size() + " events" : o.harnessError());
    }
}
