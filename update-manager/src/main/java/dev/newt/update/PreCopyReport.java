package dev.newt.update;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pre-copy transfer moved for one server: per round while the old version served, the parts
 * transformed and their bytes; then, at the safe point, the parts changed since the last round (the
 * root, always transformed there, not counted).
 *
 * @param server          the server
 * @param roundParts      parts transformed in each round before the safe point
 * @param roundBytes      their bytes (the old encoding's), per round
 * @param safePointParts  parts transformed at the safe point: the ones changed since the last round
 * @param safePointBytes  their bytes
 */
public record PreCopyReport(String server, List<Integer> roundParts, List<Long> roundBytes, int safePointParts,
                            long safePointBytes) {

    /** Copies the lists. */
    public PreCopyReport {
        roundParts = List.copyOf(roundParts);
        roundBytes = List.copyOf(roundBytes);
    }

    /** @return rounds before the safe point */
    public int rounds() {
        return roundParts.size();
    }

    /** @return the fields of the report in the {@code update-finished} event */
    Map<String, Object> toFields() {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("server", server);
        f.put("rounds", rounds());
        f.put("roundParts", roundParts);
        f.put("roundBytes", roundBytes);
        f.put("safePointParts", safePointParts);
        f.put("safePointBytes", safePointBytes);
        return f;
    }
}
