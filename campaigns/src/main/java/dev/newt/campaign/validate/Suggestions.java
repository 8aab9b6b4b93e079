package dev.newt.campaign.validate;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean": the valid name nearest a misspelt one by edit distance. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * @param given a name that is not valid
     * @param valid the valid names
     * @return the valid name at the smallest edit distance, if that distance is at most a third of
     *         the longer name's length (at least 2 edits are always allowed) and
     *         fewer than the given name's length; else {@code null}
     */
    public static String nearest(final String given, final Collection<String> valid) {
        if (given == null) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String v : valid) {
            final int d = distance(given.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        if (best == null) {
            return null;
        }
        final int allowed = Math.max(2, Math.max(given.length(), best.length()) / 3);
        return bestDistance <= allowed && bestDistance < given.length() ? best : null;
    }

    /** @return the Levenshtein distance, with a transposition of neighbours counted as one edit */
    static int distance(final String a, final String b) {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
