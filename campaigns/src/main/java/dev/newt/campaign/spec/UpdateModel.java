package dev.newt.campaign.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A live update scheduled in every run.
 *
 * @param at       runtime clock time of the request
 * @param servers  the servers updated together
 * @param image    the image as written: a class directory or jar, relative to the campaign file
 * @param imageDir where that is
 * @param serverClass the new version's server class, or {@code null} for the same name as the running one's
 * @param extraArgs   constructor arguments the new version takes after the running one's (its configuration)
 * @param probation   how long the new versions are on probation (a failure in it rolls the update back);
 *                    zero: none, committed as soon as they run
 */
public record UpdateModel(Duration at, List<String> servers, String image, Path imageDir, String serverClass,
                          List<Object> extraArgs, Duration probation) {
    /** Freezes the lists. */
    public UpdateModel {
        servers = List.copyOf(servers);
        extraArgs = List.copyOf(extraArgs);
        probation = probation == null ? Duration.ZERO : probation;
    }

    /** An update without probation. */
    public UpdateModel(final Duration at, final List<String> servers, final String image, final Path imageDir,
                       final String serverClass, final List<Object> extraArgs) {
        this(at, servers, image, imageDir, serverClass, extraArgs, Duration.ZERO);
    }
}
