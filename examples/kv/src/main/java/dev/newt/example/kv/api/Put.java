package dev.newt.example.kv.api;

/**
 * Stores {@code value} under {@code key}; answered with {@link Stored}. Message types live outside
 * the server's package, so that every version of the server and the workload share them.
 *
 * @param key   the key
 * @param value the value, never null
 */
public record Put(String key, String value) {
}
