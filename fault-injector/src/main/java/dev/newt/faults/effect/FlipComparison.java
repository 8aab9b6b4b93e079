package dev.newt.faults.effect;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * The mutation operator "wrong comparison" (G-SWFIT's WLEC, EDFI's flipped branch): the kth
 * conditional jump of a method takes the opposite branch while an activation of the fault is in
 * progress on the thread. The jump is rewritten at weave time into a guarded pair,
 * <pre>
 *   if (FlipComparison.flipped(site)) jump-if-not(cond) else jump-if(cond)
 * </pre>
 * so that, like every other site, it is armed and disarmed at run time; disarmed, the guard is a
 * volatile read of a counter that is zero.
 */
public final class FlipComparison implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    private static final Map<Integer, Integer> NEGATION = Map.ofEntries(
        Map.entry(Opcodes.IFEQ, Opcodes.IFNE), Map.entry(Opcodes.IFNE, Opcodes.IFEQ),
        Map.entry(Opcodes.IFLT, Opcodes.IFGE), Map.entry(Opcodes.IFGE, Opcodes.IFLT),
        Map.entry(Opcodes.IFGT, Opcodes.IFLE), Map.entry(Opcodes.IFLE, Opcodes.IFGT),
        Map.entry(Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE), Map.entry(Opcodes.IF_ICMPNE, Opcodes.IF_ICMPEQ),
        Map.entry(Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE), Map.entry(Opcodes.IF_ICMPGE, Opcodes.IF_ICMPLT),
        Map.entry(Opcodes.IF_ICMPGT, Opcodes.IF_ICMPLE), Map.entry(Opcodes.IF_ICMPLE, Opcodes.IF_ICMPGT),
        Map.entry(Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE), Map.entry(Opcodes.IF_ACMPNE, Opcodes.IF_ACMPEQ),
        Map.entry(Opcodes.IFNULL, Opcodes.IFNONNULL), Map.entry(Opcodes.IFNONNULL, Opcodes.IFNULL));

    /** Activations in progress, over all threads: zero almost always, so the guard stays cheap. */
    private static final AtomicInteger ACTIVE = new AtomicInteger();
    private static final ThreadLocal<int[]> CURRENT = new ThreadLocal<>();

    private final int site;
    private final int index;

    public FlipComparison(final int site, final int index) {
        this.site = site;
        this.index = index;
    }

    /**
     * Called by rewritten jumps.
     *
     * @param site the site id
     * @return whether an activation of that site is in progress on this thread
     */
    public static boolean flipped(final int site) {
        if (ACTIVE.get() == 0) {
            return false;
        }
        final int[] on = CURRENT.get();
        return on != null && on[0] == site && on[1] > 0;
    }

    /** Marks an activation of {@code site} in progress on this thread, until {@link #end}. */
    public static void begin(final int site) {
        final int[] on = CURRENT.get();
        if (on != null && on[0] == site) {
            on[1]++;
        } else {
            CURRENT.set(new int[] {site, 1});
        }
        ACTIVE.incrementAndGet();
    }

    public static void end(final int site) {
        final int[] on = CURRENT.get();
        if (on != null && on[0] == site && --on[1] == 0) {
            CURRENT.remove();
        }
        ACTIVE.decrementAndGet();
    }

    /** @return how many conditional jumps the method has, read from its class file */
    public static int count(final byte[] classFile, final String method, final String descriptor) {
        final int[] n = {0};
        new ClassReader(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(final int access, final String name, final String desc,
                                             final String signature, final String[] exceptions) {
                if (!name.equals(method) || !desc.equals(descriptor)) {
                    return null;
                }
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitJumpInsn(final int opcode, final Label label) {
                        if (NEGATION.containsKey(opcode)) {
                            n[0]++;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return n[0];
    }

    @Override
    public MethodVisitor wrap(final TypeDescription type, final MethodDescription method, final MethodVisitor mv,
                              final Implementation.Context context, final TypePool pool, final int writerFlags,
                              final int readerFlags) {
        return new MethodVisitor(OpenedClassReader.ASM_API, mv) {
            private int seen;

            @Override
            public void visitJumpInsn(final int opcode, final Label target) {
                final Integer negated = NEGATION.get(opcode);
                if (negated == null || seen++ != index) {
                    super.visitJumpInsn(opcode, target);
                    return;
                }
                final Label flip = new Label();
                final Label done = new Label();
                super.visitLdcInsn(site);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/newt/faults/effect/FlipComparison", "flipped", "(I)Z",
                    false);
                super.visitJumpInsn(Opcodes.IFNE, flip);
                super.visitJumpInsn(opcode, target);
                super.visitJumpInsn(Opcodes.GOTO, done);
                super.visitLabel(flip);
                super.visitJumpInsn(negated, target);
                super.visitLabel(done);
            }
        };
    }
}
