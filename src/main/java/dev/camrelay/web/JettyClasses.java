package dev.camrelay.web;

/**
 * Whether the webapp can see some of Jetty's own classes. On the relay's embedded Jetty it can;
 * a container may hide them ({@code mvn jetty:run} does), and then the classes that use them
 * ({@link BufferOutput}, the WebSocket ping) must fall back to the portable API before any
 * reference to them has to resolve.
 */
public final class JettyClasses {
    private JettyClasses() {
    }

    /** True when every named class can be loaded from {@code user}'s class loader (none is initialised). */
    public static boolean visible(Class<?> user, String... names) {
        try {
            for (String name : names) {
                Class.forName(name, false, user.getClassLoader());
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
