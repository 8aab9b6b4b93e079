package dev.newt.campaign.spec;

import java.time.Duration;
import java.util.List;

/**
 * A live update scheduled in every experiment.
 *
 * @param at      runtime clock time of the request
 * @param servers the servers updated together
 * @param image   the image they are updated to
 */
public record UpdateModel(Duration at, List<String> servers, String image) {
    /** Freezes the servers. */
    public UpdateModel {
        servers = List.copyOf(servers);
    }
}
