package dev.newt.campaign.spec;

import java.time.Duration;

/**
 * One live update of a schedule: the image's servers updated at {@code update.at()}.
 *
 * @param id     its name in the schedule ({@code u0}, {@code u1}, ...)
 * @param update the update, its time included
 */
public record ScheduledUpdate(String id, UpdateModel update) {
    /** @return when it is requested */
    public Duration at() {
        return update.at();
    }

    /** @param later another time @return this update requested then */
    public ScheduledUpdate at(final Duration later) {
        final UpdateModel u = update;
        return new ScheduledUpdate(id, new UpdateModel(later, u.servers(), u.image(), u.imageDir(), u.serverClass(),
            u.extraArgs(), u.probation()));
    }

    /** @return {@code u0 update b.tcp to tcp-v2 @30ms} */
    public String describe() {
        return id + " update " + String.join("+", update.servers()) + " to " + update.imageDir().getFileName()
            + (update.serverClass() == null ? "" : " (" + update.serverClass().substring(
                update.serverClass().lastIndexOf('.') + 1) + ")") + " @" + Schedule.time(update.at());
    }
}
