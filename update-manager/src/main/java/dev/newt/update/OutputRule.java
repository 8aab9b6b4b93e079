package dev.newt.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.newt.core.image.ImageClassLoader;
import dev.newt.core.runtime.ServerSwap;
import dev.newt.core.runtime.ServerSwap.Output;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules under which a shadow's outputs are compared with the live version's (see
 * {@link UpdatePlan#warmUp}): {@link #identical}, or a relation an image declares in
 * {@code META-INF/newt/shadow-outputs} (the word {@code identical}, or the name of a class of the
 * image implementing {@link ServerSwap.OutputCheck}, made by a constructor taking the
 * {@link #identical} rule, to which a relation hands what it does not relate itself, else by its
 * no-arg constructor).
 */
public final class OutputRule {
    /** Where an image declares its rule. */
    public static final String RESOURCE = "META-INF/newt/shadow-outputs";

    private OutputRule() {
    }

    /**
     * @param mapper reads payloads of classes that differ between the versions (each image has its
     *               own) as trees
     * @return a rule under which the same messages, in the same order, to the same receivers, with
     *         equal payloads (by {@code equals}, else by their Jackson trees) agree
     */
    public static ServerSwap.OutputCheck identical(final ObjectMapper mapper) {
        return (message, live, shadow) -> firstDifference(mapper, live, shadow);
    }

    /**
     * @param server   the server updated
     * @param newState the new version's state class, whose image declares the rule
     * @param mapper   for {@link #identical}
     * @return the rule the image declares, or empty when it declares none
     * @throws StateTransformException naming the server when the declaration cannot be read or its class made
     */
    public static Optional<ServerSwap.OutputCheck> declared(final String server, final Class<?> newState,
                                                           final ObjectMapper mapper) {
        if (!(newState.getClassLoader() instanceof ImageClassLoader loader)) {
            return Optional.empty();
        }
        final Optional<String> declared = ShippedTransform.readResource(server, loader.image(), RESOURCE);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        final String text = declared.get();
        if (text.equals("identical")) {
            return Optional.of(identical(mapper));
        }
        try {
            final Class<?> c = loader.image().loadClass(text);
            try {
                return Optional.of((ServerSwap.OutputCheck) c.getDeclaredConstructor(ServerSwap.OutputCheck.class)
                    .newInstance(identical(mapper)));
            } catch (NoSuchMethodException e) {
                return Optional.of((ServerSwap.OutputCheck) c.getDeclaredConstructor().newInstance());
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new StateTransformException(server, "", RESOURCE + " names '" + text
                + "', neither 'identical' nor a ServerSwap.OutputCheck class the image can make: " + e, e);
        }
    }

    /** @return null when {@code live} and {@code shadow} agree output by output; else the first difference */
    static String firstDifference(final ObjectMapper mapper, final List<Output> live, final List<Output> shadow) {
        for (int i = 0; i < Math.max(live.size(), shadow.size()); i++) {
            final Output a = i < live.size() ? live.get(i) : null;
            final Output b = i < shadow.size() ? shadow.get(i) : null;
            if (a == null || b == null || a.kind() != b.kind() || !a.from().equals(b.from()) || !a.to().equals(b.to())
                || !samePayload(mapper, a.payload(), b.payload())) {
                return "output " + (i + 1) + ": the live version sent " + describe(a) + ", the new version "
                    + describe(b);
            }
        }
        return null;
    }

    private static boolean samePayload(final ObjectMapper mapper, final Object a, final Object b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a == null || b == null || !a.getClass().getName().equals(b.getClass().getName())) {
            return false;
        }
        try {
            final JsonNode x = mapper.valueToTree(a);
            final JsonNode y = mapper.valueToTree(b);
            return x.equals(y);
        } catch (IllegalArgumentException e) {
            return String.valueOf(a).equals(String.valueOf(b));
        }
    }

    private static String describe(final Output o) {
        if (o == null) {
            return "nothing";
        }
        final String p = String.valueOf(o.payload());
        return o.kind().name().toLowerCase(java.util.Locale.ROOT) + " to " + o.to() + " "
            + (p.length() > 160 ? p.substring(0, 160) + "..." : p);
    }
}
