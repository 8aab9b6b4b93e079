package dev.newt.campaign.yaml;

/**
 * A node of a YAML document with the location it was read at, so that every error about a value
 * can point at it. A document is read into these by {@link YamlTree}.
 */
public sealed interface Node permits MapNode, ListNode, ScalarNode {
    /** @return where the node starts */
    Location location();

    /** @return a short name of the node's kind for errors: {@code a map}, {@code a list}, {@code a string}... */
    String describe();
}
