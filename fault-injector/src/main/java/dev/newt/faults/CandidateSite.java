package dev.newt.faults;

/**
 * A method of a server image that faults can be woven into.
 *
 * @param className  binary class name
 * @param method     method name
 * @param descriptor JVM descriptor, for a site spec's descriptor pattern
 * @param signature  readable signature, for example {@code State handle(ServerContext, State, Envelope)}
 */
public record CandidateSite(String className, String method, String descriptor, String signature) {

    @Override
    public String toString() {
        return className + "#" + method + descriptor;
    }
}
