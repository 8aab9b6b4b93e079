package dev.newt.net.msg;

/**
 * Request any network server answers with its {@link Stats}.
 */
public record StatsQuery() {
}
