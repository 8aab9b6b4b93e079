package dev.newt.campaign.yaml;

/**
 * Where something is in a campaign file, for errors: {@code file:line:column}, both from 1.
 *
 * @param file   the file as given
 * @param line   line, from 1
 * @param column column, from 1
 */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
