package dev.newt.campaign.spec;

import dev.newt.core.image.ServerImage;

/**
 * Every server of an assembled system that a fault can go into (stack servers, wires, the
 * built-in workloads' app servers, the user's servers and workloads), by name: its server class and the image a woven copy is loaded from.
 * App servers are looked up by {@link AppServer}, stack servers by {@link StackServer}, whose
 * messages an unknown name keeps.
 */
public final class Components {
    private Components() {
    }

    /**
     * @param system the system
     * @param server a server name
     * @return the user component of that name, or {@code null}
     */
    public static UserComponent user(final SystemModel system, final String server) {
        return system.components().stream().filter(u -> u.name().equals(server)).findFirst().orElse(null);
    }

    /**
     * @param system the system
     * @param server a server of it
     * @return the binary name of its server class
     * @throws IllegalArgumentException naming the server when it is none of the system's
     */
    public static String serverClassName(final SystemModel system, final String server) {
        final UserComponent u = user(system, server);
        if (u != null) {
            return u.className();
        }
        return AppServer.of(server).<Class<?>>map(AppServer::serverClass)
            .orElseGet(() -> StackServer.of(server).serverClass()).getName();
    }

    /**
     * @param system the system
     * @param server a server of it
     * @return the binary name of the class a fault's site names when the fault gives no {@code class}:
     *         the server class, or for an app server the class its {@code handle} is declared in
     */
    public static String defaultSiteClassName(final SystemModel system, final String server) {
        return user(system, server) == null ? AppServer.of(server).map(AppServer::siteClassName)
            .orElseGet(() -> serverClassName(system, server)) : serverClassName(system, server);
    }

    /**
     * @param system  the system
     * @param server  a server of it
     * @param plugins the campaign's plugin loader ({@link Plugins#loader})
     * @return the image of its package, a fresh loader
     * @throws IllegalArgumentException naming the server when it is none of the system's
     */
    public static ServerImage image(final SystemModel system, final String server, final ClassLoader plugins) {
        final UserComponent u = user(system, server);
        if (u == null) {
            return ServerImage.of(server, AppServer.of(server).<Class<?>>map(AppServer::serverClass)
                .orElseGet(() -> StackServer.of(server).serverClass()));
        }
        final Class<?> type;
        try {
            type = Class.forName(u.className(), false, plugins);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("server '" + server + "': class " + u.className() + " is not in "
                + u.image(), e);
        }
        return ServerImage.builder(server).classPath(u.image()).include(type.getPackageName() + ".")
            .parent(plugins).build();
    }

    /**
     * @param system     the system
     * @param server     a server of it
     * @param serverType its class as its image loaded it
     * @return the binary name of its state class
     */
    public static String stateClassName(final SystemModel system, final String server, final Class<?> serverType) {
        final UserComponent u = user(system, server);
        if (u == null) {
            return AppServer.of(server).map(AppServer::stateClassName)
                .orElseGet(() -> StackServer.of(server).stateClassName());
        }
        return u.stateClass() != null ? u.stateClass() : Plugins.stateClassOf(serverType);
    }
}
