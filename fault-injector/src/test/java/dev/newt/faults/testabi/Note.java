package dev.newt.faults.testabi;

/** Sets a counter's label. @param text the label @param tags extra words, kept with it */
public record Note(String text, java.util.List<String> tags) {
}
