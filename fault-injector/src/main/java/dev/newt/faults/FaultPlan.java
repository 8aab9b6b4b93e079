package dev.newt.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The faults of one experiment and the seed their random choices derive from: which calls a
 * probability trigger activates, which field a corruption picks, which bit it flips. The same
 * plan and seed on the same run give the same activations.
 *
 * @param seed   seed of every random choice of the faults
 * @param faults the faults, with unique ids
 */
public record FaultPlan(long seed, List<FaultSpec> faults) {

    /** Copies the faults and checks that their ids are unique. */
    public FaultPlan {
        faults = List.copyOf(faults);
        final Set<String> ids = new HashSet<>();
        for (FaultSpec f : faults) {
            if (!ids.add(f.id())) {
                throw FaultSpecException.of(f.id(), "the plan has two faults with this id");
            }
        }
    }

    /** @param seed the plan's seed @param faults its faults @return the plan */
    public static FaultPlan of(final long seed, final FaultSpec... faults) {
        return new FaultPlan(seed, List.of(faults));
    }

    /**
     * Reads a plan from data: {@code seed} (an integer) and {@code faults} (a list, each as in
     * {@link FaultSpec#fromMap}).
     *
     * @param data the plan's fields
     * @return the plan
     * @throws FaultSpecException naming the fault and the field
     */
    public static FaultPlan fromMap(final Map<String, ?> data) {
        final Object seed = data.get("seed");
        if (!(seed instanceof Integer || seed instanceof Long)) {
            throw new FaultSpecException("fault plan: field 'seed' must be an integer, was " + seed);
        }
        final Object faults = data.get("faults");
        if (!(faults instanceof List<?> list)) {
            throw new FaultSpecException("fault plan: field 'faults' must be a list, was " + faults);
        }
        final List<FaultSpec> specs = new ArrayList<>();
        for (Object f : list) {
            if (!(f instanceof Map<?, ?> m)) {
                throw new FaultSpecException("fault plan: every fault must be an object, was " + f);
            }
            @SuppressWarnings("unchecked")
            final Map<String, ?> fm = (Map<String, ?>) m;
            specs.add(FaultSpec.fromMap(fm));
        }
        return new FaultPlan(((Number) seed).longValue(), specs);
    }

    /** @return the plan as JSON, which {@link #fromJson} reads back into an equal plan */
    public String toJson() {
        final Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("seed", seed);
        m.put("faults", faults.stream().map(FaultSpec::toMap).toList());
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new FaultSpecException("fault plan: cannot write as JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * @param json a plan as JSON, with the fields of {@link #fromMap}
     * @return the plan
     * @throws FaultSpecException if the JSON is malformed or a fault is wrong
     */
    public static FaultPlan fromJson(final String json) {
        try {
            @SuppressWarnings("unchecked")
            final Map<String, ?> data = new ObjectMapper().readValue(json, Map.class);
            return fromMap(data);
        } catch (JsonProcessingException e) {
            throw new FaultSpecException("fault plan: malformed JSON: " + e.getOriginalMessage());
        }
    }
}
