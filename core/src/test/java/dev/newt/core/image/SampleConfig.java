package dev.newt.core.image;

/** Configuration handed to image servers: a parent-loaded type both sides share. @param label a tag */
public record SampleConfig(String label) {
}
