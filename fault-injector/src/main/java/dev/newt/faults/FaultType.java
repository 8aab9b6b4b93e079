package dev.newt.faults;

import dev.newt.faults.Param.Kind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The kinds of fault, each with the parameters it takes, named as in plan files. */
public enum FaultType {
    /** Throws at entry or exit; {@code exception} names a Throwable with a (String) or no-arg constructor. */
    CRASH("crash", Param.optional("exception", Kind.CLASS_NAME, InjectedFault.class.getName()),
        Param.optional("message", Kind.STRING, "injected crash"), Param.choice("at", "entry", "entry", "exit")),
    /** Stops making progress through {@link dev.newt.core.server.Hang#forever()}. */
    HANG("hang", Param.choice("at", "entry", "entry", "exit")),
    /** Holds the handler for {@code delay} plus up to {@code jitter} (seeded); see {@code arm.Effects}. */
    DELAY("delay", Param.required("delay", Kind.DURATION), Param.optional("jitter", Kind.DURATION, null),
        Param.choice("at", "entry", "entry", "exit")),
    /** Flips a bit in, randomises or nulls a field of the server's state. */
    CORRUPT_STATE("corrupt-state", Param.choice("mode", "flip-bit", "flip-bit", "randomise", "null"),
        Param.optional("field", Kind.STRING, null), Param.optional("argument", Kind.INT, null),
        Param.choice("at", "exit", "entry", "exit")),
    /**
     * Flips a bit in, randomises or nulls a field of a message's payload: of the message the method
     * receives, or ({@code direction: send}) of the first message it sends (to {@code to}).
     */
    CORRUPT_MESSAGE("corrupt-message", Param.choice("mode", "flip-bit", "flip-bit", "randomise", "null"),
        Param.optional("field", Kind.STRING, null), Param.choice("direction", "receive", "receive", "send"),
        Param.optional("to", Kind.STRING, null)),
    /**
     * Loses a message: the method is skipped for a received one (the state stays as it was), or
     * ({@code direction: send}) the first message it sends is never delivered.
     */
    DROP_MESSAGE("drop-message", Param.choice("direction", "receive", "receive", "send"),
        Param.optional("to", Kind.STRING, null)),
    /**
     * Delivers a message twice: the method runs again on the state the first run left, or
     * ({@code direction: send}) the first message it sends goes out twice.
     */
    DUPLICATE_MESSAGE("duplicate-message", Param.choice("direction", "receive", "receive", "send"),
        Param.optional("to", Kind.STRING, null)),
    /** Replaces the method's return value. */
    WRONG_RETURN("wrong-return", Param.choice("mode", "off-by-one", "default", "random", "off-by-one")),
    /**
     * Mutation operator: the {@code comparison}th conditional jump of the method (from 0, in
     * bytecode order) takes the other branch during an activated call. See
     * {@link dev.newt.faults.effect.FlipComparison}.
     */
    FLIP_COMPARISON("flip-comparison", Param.optional("comparison", Kind.INT, 0)),
    /** Retains {@code bytes} more memory on each activation, until the injector releases it. */
    LEAK("leak", Param.optional("bytes", Kind.INT, 64 * 1024));

    private final String label;
    private final Map<String, Param> params;

    FaultType(final String label, final Param... params) {
        this.label = label;
        this.params = new LinkedHashMap<>();
        for (Param p : params) {
            this.params.put(p.name(), p);
        }
    }

    /** @return the name used in plans and events, for example {@code corrupt-state} */
    public String label() {
        return label;
    }

    Map<String, Param> params() {
        return params;
    }

    /** @return whether it acts on messages, received (the method takes an Envelope) or sent */
    public boolean onMessages() {
        return this == CORRUPT_MESSAGE || this == DROP_MESSAGE || this == DUPLICATE_MESSAGE;
    }

    /**
     * @param label   a fault type's name
     * @param faultId the fault that names it, for the error
     * @return the type
     * @throws FaultSpecException naming the fault and listing the known types
     */
    public static FaultType fromLabel(final String label, final String faultId) {
        for (FaultType t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw FaultSpecException.of(faultId, "unknown fault type '" + label + "'; known: " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(FaultType::label).collect(Collectors.joining(", "));
    }

    /** @return the parameter values with defaults filled in, checked and converted */
    Map<String, Object> validate(final String faultId, final Map<String, ?> given) {
        final Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            final Param p = params.get(e.getKey());
            if (p == null) {
                throw FaultSpecException.of(faultId, "unknown field '" + e.getKey() + "' for fault type " + label
                    + (params.isEmpty() ? ", which takes none" : "; it takes: " + String.join(", ", params.keySet())));
            }
            out.put(p.name(), p.convert(faultId, e.getValue()));
        }
        for (Param p : params.values()) {
            if (!out.containsKey(p.name())) {
                if (p.required()) {
                    throw FaultSpecException.of(faultId, "missing field '" + p.name() + "' (fault type " + label + ")");
                }
                if (p.defaultValue() != null) {
                    out.put(p.name(), p.defaultValue());
                }
            }
        }
        return out;
    }

    /** @return the names of the fields fault specs of this type may carry */
    public List<String> parameterNames() {
        return List.copyOf(params.keySet());
    }
}
