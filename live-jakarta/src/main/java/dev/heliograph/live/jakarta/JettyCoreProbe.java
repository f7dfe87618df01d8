package dev.heliograph.live.jakarta;

/**
 * Whether Jetty 12's ee11 Jakarta session and its core WebSocket API are visible to this class
 * loader. Only looks the classes up (no reflection on members); {@link JettyCoreWriter}, which
 * names them, is loaded only when this says yes, so the library runs without any Jetty jar
 * (Tomcat, or a webapp to which Jetty hides its server classes).
 */
final class JettyCoreProbe {
    static final boolean AVAILABLE = probe();

    private JettyCoreProbe() {}

    private static boolean probe() {
        ClassLoader loader = JettyCoreProbe.class.getClassLoader();
        try {
            Class.forName("org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession", false, loader);
            Class.forName("org.eclipse.jetty.websocket.core.CoreSession", false, loader);
            Class.forName("org.eclipse.jetty.websocket.core.Frame", false, loader);
            Class.forName("org.eclipse.jetty.util.Callback", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
