package dev.newt.example.kv.api;

/** @param key the key to read; answered with {@link Value} */
public record Get(String key) {
}
