package dev.newt.campaign.run;

import java.util.Map;

/**
 * One slice of a campaign: experiment {@code i} belongs to slice {@code i mod count}. Every slice
 * also runs the golden run, since its outcomes are judged against it.
 *
 * @param index this slice, from 0
 * @param count number of slices
 */
public record Shard(int index, int count) {
    /** The whole campaign. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks the range. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": need 0 <= index < count");
        }
    }

    /** @param experimentIndex an experiment's index @return whether it is in this slice */
    public boolean contains(final int experimentIndex) {
        return experimentIndex % count == index;
    }

    /**
     * Reads {@code --shard}: {@code i/n}, or {@code n} alone with the index from the environment:
     * {@code JOB_COMPLETION_INDEX} (a Kubernetes indexed Job), else {@code SLURM_ARRAY_TASK_ID}
     * (a Slurm array, whose ids must run from 0). With {@code i/n} the environment is ignored.
     *
     * @param text the option's value, or {@code null} for none (then the whole campaign)
     * @param env  the environment
     * @return the slice
     * @throws IllegalArgumentException saying what is wrong with the value or the environment
     */
    public static Shard parse(final String text, final Map<String, String> env) {
        if (text == null) {
            return ALL;
        }
        try {
            final int slash = text.indexOf('/');
            if (slash >= 0) {
                return new Shard(Integer.parseInt(text.substring(0, slash).trim()),
                    Integer.parseInt(text.substring(slash + 1).trim()));
            }
            final int count = Integer.parseInt(text.trim());
            for (String var : new String[] {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"}) {
                final String v = env.get(var);
                if (v != null && !v.isBlank()) {
                    return new Shard(Integer.parseInt(v.trim()), count);
                }
            }
            throw new IllegalArgumentException("--shard " + text + " gives only the number of slices; give i/n, or "
                + "set JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard must be i/n (such as 0/4) or n, was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
