package dev.newt.faults;

/**
 * Where a fault goes: the methods of one or more servers that it is woven into. Every pattern is
 * a glob ({@code *} any run of characters, {@code ?} one character) over, in turn, the server
 * name, the binary class name ({@code a.b.Outer$Inner}), the method name and, optionally, the
 * method's JVM descriptor ({@code (Ldev/newt/core/server/ServerContext;...)Ljava/lang/Object;}).
 *
 * @param server            server name pattern, for example {@code a.ip} or {@code *.ip}
 * @param classPattern      class name pattern, for example {@code dev.newt.net.ip.IpServer}
 * @param methodPattern     method name pattern, for example {@code handle}
 * @param descriptorPattern descriptor pattern, or {@code null} for any descriptor
 */
public record SiteSpec(String server, String classPattern, String methodPattern, String descriptorPattern) {

    /**
     * @param server        server name pattern
     * @param classPattern  class name pattern
     * @param methodPattern method name pattern
     * @return a site for every descriptor of the matching methods
     */
    public static SiteSpec of(final String server, final String classPattern, final String methodPattern) {
        return new SiteSpec(server, classPattern, methodPattern, null);
    }

    /** @param pattern descriptor pattern @return a new site narrowed to those descriptors */
    public SiteSpec withDescriptor(final String pattern) {
        return new SiteSpec(server, classPattern, methodPattern, pattern);
    }

    void validate(final String faultId) {
        require(faultId, "server", server);
        require(faultId, "class", classPattern);
        require(faultId, "method", methodPattern);
        if (descriptorPattern != null && descriptorPattern.isBlank()) {
            throw FaultSpecException.of(faultId, "field 'descriptor' is blank");
        }
    }

    private static void require(final String faultId, final String field, final String value) {
        if (value == null || value.isBlank()) {
            throw FaultSpecException.of(faultId, "missing field '" + field + "'");
        }
    }

    /** @param name a server name @return whether the site covers it */
    public boolean matchesServer(final String name) {
        return Glob.of(server).matches(name);
    }

    /** @param className a binary class name @return whether the site covers it */
    public boolean matchesClass(final String className) {
        return Glob.of(classPattern).matches(className);
    }

    /** @param name a method name @param descriptor its JVM descriptor @return whether the site covers it */
    public boolean matchesMethod(final String name, final String descriptor) {
        return Glob.of(methodPattern).matches(name)
            && (descriptorPattern == null || Glob.of(descriptorPattern).matches(descriptor));
    }

    @Override
    public String toString() {
        return server + ":" + classPattern + "#" + methodPattern + (descriptorPattern == null ? "" : descriptorPattern);
    }
}
