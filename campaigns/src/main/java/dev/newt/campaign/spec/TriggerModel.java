package dev.newt.campaign.spec;

import java.util.Map;

/**
 * When the fault activates, in the injector's trigger fields ({@code nth}, {@code every},
 * {@code probability}, {@code always}, {@code from}, {@code to}, {@code after}, {@code until},
 * {@code persistent}).
 *
 * @param label as written in the campaign, such as {@code nth:100}
 * @param data  the fields, ready for the injector (durations as strings such as {@code 10ms})
 */
public record TriggerModel(String label, Map<String, Object> data) {
    /** Freezes the fields. */
    public TriggerModel {
        data = Map.copyOf(data);
    }
}
