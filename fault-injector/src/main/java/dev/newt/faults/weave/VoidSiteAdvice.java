package dev.newt.faults.weave;

import dev.newt.faults.arm.Activation;
import dev.newt.faults.arm.ArmedSite;
import dev.newt.faults.arm.FaultRegistry;
import dev.newt.faults.arm.Skip;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** The code woven into a void method: as {@link SiteAdvice}, without a return value. */
final class VoidSiteAdvice {
    private VoidSiteAdvice() {
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
                     @Advice.AllArguments final Object[] args, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (token != null) {
            final Activation a = (Activation) token;
            a.exit(self, args, null, thrown);
            thrown = a.thrown();
        }
    }
}
