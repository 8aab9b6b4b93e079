package dev.newt.campaign.validate;

import dev.newt.campaign.yaml.Location;

/**
 * One thing wrong with a campaign file.
 *
 * @param location   where: file, line, column
 * @param path       the offending key's path, such as {@code experiments.matrix.faults[2]}
 * @param message    what is wrong
 * @param suggestion the nearest valid name, or {@code null}
 */
public record Problem(Location location, String path, String message, String suggestion) {
    @Override
    public String toString() {
        return location + ": " + path + ": " + message + (suggestion == null ? "" : " (did you mean '" + suggestion
            + "'?)");
    }
}
