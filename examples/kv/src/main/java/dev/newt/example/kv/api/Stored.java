package dev.newt.example.kv.api;

/** @param key the key a {@link Put} stored */
public record Stored(String key) {
}
