package dev.newt.faults.weave;

import dev.newt.core.image.ServerImage;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.ServerContext;
import dev.newt.faults.CandidateSite;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.FaultSpecException;
import dev.newt.faults.FaultType;
import dev.newt.faults.SiteSpec;
import dev.newt.faults.arm.MethodSite;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Finds the methods a site selects by reading class files (nothing is loaded), and works out
 * what each fault type needs of a method: which parameter is the envelope, which the state,
 * whether it returns a value the fault can change.
 * Public for the injector's other packages; not an API.
 */
public final class Sites {
    private static final String ENVELOPE = Envelope.class.getName();
    private static final String CONTEXT = ServerContext.class.getName();

    private Sites() {
    }

    /** @return a type pool over the image's class files, and its parent's for everything else */
    public static TypePool poolOf(final ServerImage image) {
        return TypePool.Default.of(locatorOf(image));
    }

    public static ClassFileLocator locatorOf(final ServerImage image) {
        return new ClassFileLocator.Compound(new ImageLocator(image),
            ClassFileLocator.ForClassLoader.of(image.loader().getParent()));
    }

    /** Class files of an image as found on its class path, untransformed. */
    private static final class ImageLocator implements ClassFileLocator {
        private final ServerImage image;

        ImageLocator(final ServerImage image) {
            this.image = image;
        }

        @Override
        public Resolution locate(final String name) {
            final byte[] bytes = image.classBytes(name);
            return bytes == null ? new Resolution.Illegal(name) : new Resolution.Explicit(bytes);
        }

        @Override
        public void close() {
        }
    }

    /** @return whether a method can hold a site: a concrete, non-synthetic method (no constructor) */
    public static boolean isCandidate(final MethodDescription m) {
        return m.isMethod() && !m.isAbstract() && !m.isNative() && !m.isSynthetic() && !m.isBridge();
    }

    static CandidateSite candidate(final TypeDescription type, final MethodDescription m) {
        final String params = m.getParameters().asTypeList().asErasures().stream()
            .map(TypeDescription::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
        return new CandidateSite(type.getName(), m.getName(), m.getDescriptor(),
            m.getReturnType().asErasure().getSimpleName() + " " + m.getName() + params);
    }

    /** @return every candidate site of the image's classes, by class then declaration order */
    public static List<CandidateSite> list(final ServerImage image) {
        final TypePool pool = poolOf(image);
        final List<CandidateSite> out = new ArrayList<>();
        for (String cn : image.classNames()) {
            final TypeDescription type = pool.describe(cn).resolve();
            for (MethodDescription m : type.getDeclaredMethods()) {
                if (isCandidate(m)) {
                    out.add(candidate(type, m));
                }
            }
        }
        return out;
    }

    /** A method a site selected. */
    public record Selected(TypeDescription type, MethodDescription.InDefinedShape method) {
    }

    /** @return the candidate methods of the image that the site's class and method patterns select */
    public static List<Selected> select(final TypePool pool, final List<String> classNames, final SiteSpec site) {
        final List<Selected> out = new ArrayList<>();
        for (String cn : classNames) {
            if (site.matchesClass(cn)) {
                final TypeDescription type = pool.describe(cn).resolve();
                for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                    if (isCandidate(m) && site.matchesMethod(m.getName(), m.getDescriptor())) {
                        out.add(new Selected(type, m));
                    }
                }
            }
        }
        return out;
    }

    /** @return a description of what the site's class pattern found, for an error that it found nothing */
    public static String near(final TypePool pool, final List<String> classNames, final SiteSpec site) {
        final List<String> classes = classNames.stream().filter(site::matchesClass).toList();
        if (classes.isEmpty()) {
            return "no class of the image matches '" + site.classPattern() + "'; its classes: "
                + String.join(", ", classNames);
        }
        final List<String> methods = new ArrayList<>();
        for (String cn : classes) {
            for (MethodDescription m : pool.describe(cn).resolve().getDeclaredMethods()) {
                if (isCandidate(m)) {
                    methods.add(m.getName() + m.getDescriptor());
                }
            }
        }
        return "classes " + classes + " have no method matching '" + site.methodPattern() + "'"
            + (site.descriptorPattern() == null ? "" : " with descriptor '" + site.descriptorPattern() + "'")
            + "; their methods: " + String.join(", ", methods);
    }

    /** @return the site of {@code fault} at {@code s}, with the indexes its type needs */
    public static MethodSite describe(final int id, final FaultSpec fault, final Selected s) {
        final MethodDescription m = s.method();
        final List<TypeDescription> params = m.getParameters().asTypeList().asErasures();
        final List<String> names = params.stream().map(TypeDescription::getName).toList();
        final int envelope = names.indexOf(ENVELOPE);
        final int context = names.indexOf(CONTEXT);
        final Object arg = fault.param("argument");
        int state = -1;
        if (arg != null) {
            state = (Integer) arg;
        } else {
            for (int i = context + 1; i < params.size(); i++) {
                if (!params.get(i).isPrimitive() && i != envelope && !names.get(i).equals(CONTEXT)) {
                    state = i;
                    break;
                }
            }
        }
        final TypeDescription returned = m.getReturnType().asErasure();
        int passThrough = names.indexOf(returned.getName());
        if (passThrough < 0 && !returned.isPrimitive()) {
            passThrough = state;
        }
        return new MethodSite(id, fault, s.type().getName(), m.getName(), m.getDescriptor(), returned.getDescriptor(),
            m.isStatic(), names, envelope, context, state, passThrough);
    }

    /**
     * Checks that a crash fault's exception class exists where the image can see it and is a
     * Throwable.
     *
     * @throws FaultSpecException naming the fault and the class
     */
    public static void checkException(final FaultSpec f, final TypePool pool, final String imageName) {
        final String ex = (String) f.param("exception");
        final TypePool.Resolution r = pool.describe(ex);
        if (!r.isResolved()) {
            throw FaultSpecException.of(f.id(), "field 'exception' names class " + ex + ", which image '"
                + imageName + "' cannot load");
        }
        if (!r.resolve().isAssignableTo(Throwable.class)) {
            throw FaultSpecException.of(f.id(), "field 'exception' must name a Throwable, was " + ex);
        }
    }

    /** @return why the fault cannot act at the site, or {@code null} when it can */
    public static String unfit(final MethodSite site) {
        final FaultSpec f = site.fault();
        final FaultType type = f.type();
        if (type.onMessages() && f.onSentMessages()) {
            return site.contextIndex() < 0 ? "takes no ServerContext to send with" : null;
        }
        if (type.onMessages() && site.envelopeIndex() < 0) {
            return "takes no Envelope";
        }
        if (type == FaultType.DUPLICATE_MESSAGE && site.isStatic()) {
            return "is static (a duplicate delivery calls it again on the same server object)";
        }
        if (type == FaultType.CORRUPT_STATE) {
            final Object arg = f.param("argument");
            if (arg != null && (Integer) arg >= site.parameterTypes().size()) {
                return "has no argument " + arg;
            }
            if (!f.atExit() || !site.returnsReference()) {
                if (site.stateIndex() < 0 || isPrimitive(site.parameterTypes().get(site.stateIndex()))) {
                    return f.atExit() ? "returns no object and takes no state argument" : "takes no state argument";
                }
            }
        }
        if (type == FaultType.WRONG_RETURN) {
            if (site.returnsVoid()) {
                return "returns nothing";
            }
            final String mode = (String) f.param("mode");
            final String rd = site.returnDescriptor();
            if (!"default".equals(mode) && !(rd.length() == 1 || isBox(rd) || (!"off-by-one".equals(mode)
                && rd.equals("Ljava/lang/String;")))) {
                return "returns " + rd + ", which " + mode + " cannot change";
            }
        }
        return null;
    }

    private static boolean isPrimitive(final String typeName) {
        return List.of("long", "int", "short", "byte", "char", "double", "float", "boolean").contains(typeName);
    }

    private static boolean isBox(final String descriptor) {
        return List.of("Ljava/lang/Long;", "Ljava/lang/Integer;", "Ljava/lang/Short;", "Ljava/lang/Byte;",
            "Ljava/lang/Character;", "Ljava/lang/Double;", "Ljava/lang/Float;", "Ljava/lang/Boolean;")
            .contains(descriptor);
    }
}
