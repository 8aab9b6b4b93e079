package dev.newt.campaign.yaml;

import java.util.List;

/**
 * A YAML sequence.
 *
 * @param location where it starts
 * @param items    its items in order
 */
public record ListNode(Location location, List<Node> items) implements Node {
    /** Freezes the items. */
    public ListNode {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
