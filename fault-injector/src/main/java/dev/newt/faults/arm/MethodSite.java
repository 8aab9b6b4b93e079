package dev.newt.faults.arm;

import dev.newt.faults.FaultSpec;
import java.util.List;

/**
 * One woven method of one fault, as known at weave time: its id in the {@link FaultRegistry} and
 * what the fault needs to know about its signature.
 * Public for the injector's other packages; not an API.
 *
 * @param id               the site id bound into the woven code
 * @param fault            the fault woven here
 * @param className        binary name of the declaring class
 * @param method           method name
 * @param descriptor       JVM descriptor
 * @param returnDescriptor JVM descriptor of the return type ({@code V} for void)
 * @param isStatic         whether the method is static
 * @param parameterTypes   binary names of the parameter types
 * @param envelopeIndex    index of the {@code Envelope} parameter, or -1
 * @param contextIndex     index of the {@code ServerContext} parameter, or -1
 * @param stateIndex       index of the parameter a state corruption at entry targets, or -1
 * @param passThroughIndex index of the parameter a dropped call returns (the state), or -1
 */
public record MethodSite(int id, FaultSpec fault, String className, String method, String descriptor,
                  String returnDescriptor, boolean isStatic, List<String> parameterTypes, int envelopeIndex,
                  int contextIndex, int stateIndex, int passThroughIndex) {

    public MethodSite withId(final int newId) {
        return new MethodSite(newId, fault, className, method, descriptor, returnDescriptor, isStatic, parameterTypes,
            envelopeIndex, contextIndex, stateIndex, passThroughIndex);
    }

    public boolean returnsVoid() {
        return "V".equals(returnDescriptor);
    }

    public boolean returnsReference() {
        return returnDescriptor.startsWith("L") || returnDescriptor.startsWith("[");
    }

    /** @return {@code SimpleClass#method(descriptor)}, for events */
    public String label() {
        return className.substring(className.lastIndexOf('.') + 1) + "#" + method + descriptor;
    }
}
