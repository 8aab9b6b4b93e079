package dev.newt.example.kv.api;

/**
 * @param key   the key read
 * @param value its value, {@code ""} when absent (payloads are never null)
 */
public record Value(String key, String value) {
}
