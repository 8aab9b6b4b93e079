package dev.newt.faults.weave;

import dev.newt.faults.arm.Activation;
import dev.newt.faults.arm.ArmedSite;
import dev.newt.faults.arm.FaultRegistry;
import dev.newt.faults.arm.Skip;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code woven into a method that returns a value. ByteBuddy inlines these two methods into the
 * target, with {@code site} replaced by the site's id. Disarmed, a call costs one volatile read
 * and a null check: the argument array is built only on the armed path, since ByteBuddy
 * materialises {@code args} where the advice reads it.
 */
final class SiteAdvice {
    private SiteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Skip.class)
    static Object enter(@SiteId final int site, @Advice.This(optional = true) final Object self,
                        @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] args) {
        final ArmedSite armed = FaultRegistry.armed(site);
        if (armed == null) {
            return null;
        }
        final Activation a = armed.enter(self, args);
        if (a != null && a.argumentsChanged()) {
            args = a.arguments();
        }
        return a;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter final Object token, @Advice.This(optional = true) final Object self,
                     @Advice.AllArguments final Object[] args,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (token != null) {
            final Activation a = (Activation) token;
            a.exit(self, args, returned, thrown);
            if (a.thrown() == null) {
                returned = a.returned();
            }
            thrown = a.thrown();
        }
    }
}
