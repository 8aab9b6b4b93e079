package dev.newt.faults.weave;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.newt.core.image.ClassTransformer;
import dev.newt.faults.FaultType;
import dev.newt.faults.arm.MethodSite;
import dev.newt.faults.effect.FlipComparison;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves the fault sites chosen at weave time into the classes of an image as its loader defines
 * them: for each site, a {@link SiteAdvice} (or {@link VoidSiteAdvice}) with the site's id bound
 * as a constant. Classes without sites pass through untouched.
 * Public for the injector's other packages; not an API.
 */
public final class Weaver implements ClassTransformer {
    private final Map<String, List<MethodSite>> sitesByClass;
    private final ClassFileLocator context;

    /**
     * @param sitesByClass the sites, by binary class name
     * @param context      class files of the image and its parent, to resolve the types a woven class uses
     */
    public Weaver(final Map<String, List<MethodSite>> sitesByClass, final ClassFileLocator context) {
        this.sitesByClass = Map.copyOf(sitesByClass);
        this.context = context;
    }

    @Override
    public byte[] transform(final String className, final byte[] bytes) {
        final List<MethodSite> sites = sitesByClass.get(className);
        if (sites == null) {
            return bytes;
        }
        final ClassFileLocator own = ClassFileLocator.Simple.of(className, bytes);
        final TypePool pool = TypePool.Default.of(new ClassFileLocator.Compound(own, context));
        final TypeDescription type = pool.describe(className).resolve();
        DynamicType.Builder<?> builder = new ByteBuddy().redefine(type, own);
        for (MethodSite s : sites) {
            builder = visit(builder, s);
        }
        return builder.make(pool).getBytes();
    }

    /**
     * Weaves one site: its advice and, for a mutation, the rewritten comparison. The rewrite is
     * visited last, which makes it see the method's own code before the advice wraps it, so it
     * counts the method's jumps and not the advice's.
     */
    public static DynamicType.Builder<?> visit(final DynamicType.Builder<?> builder, final MethodSite s) {
        final var method = named(s.method()).and(hasDescriptor(s.descriptor()));
        DynamicType.Builder<?> b = builder.visit(adviceFor(s).on(method));
        if (s.fault().type() == FaultType.FLIP_COMPARISON) {
            b = b.visit(new AsmVisitorWrapper.ForDeclaredMethods().writerFlags(ClassWriter.COMPUTE_FRAMES)
                .method(method, new FlipComparison(s.id(), (Integer) s.fault().param("comparison"))));
        }
        return b;
    }

    /** @return the advice of one site: its id bound as a constant, void or value-returning flavour */
    static Advice adviceFor(final MethodSite s) {
        return Advice.withCustomMapping().bind(SiteId.class, s.id())
            .to(s.returnsVoid() ? VoidSiteAdvice.class : SiteAdvice.class);
    }
}
