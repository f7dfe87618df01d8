package dev.heliograph.live.jakarta;

import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Hands the container the endpoint a servlet made for one upgrade request (after it checked the
 * user, the origin and the parameters), accepts every origin (already checked) and negotiates no
 * extension: permessage-deflate would cost a zlib context and buffers per connection. Of the
 * subprotocols the client asks for, it picks the first one the endpoint speaks (for the live
 * socket {@code centrifuge-protobuf}), else none (JSON). Made by {@link WebSocketUpgrade} once
 * per upgrade, on the request thread.
 */
final class SingleEndpointConfigurator extends ServerEndpointConfig.Configurator {
    private final Endpoint endpoint;
    private final List<String> subprotocols;

    SingleEndpointConfigurator(Endpoint endpoint) {
        this(endpoint, List.of());
    }

    /** {@code subprotocols}: those the endpoint speaks besides none. */
    SingleEndpointConfigurator(Endpoint endpoint, List<String> subprotocols) {
        this.endpoint = endpoint;
        this.subprotocols = List.copyOf(subprotocols);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        if (!endpointClass.isInstance(endpoint)) {
            throw new IllegalArgumentException("unexpected endpoint class " + endpointClass);
        }
        return endpointClass.cast(endpoint);
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return List.of();
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String asked : requested) {
            if (subprotocols.contains(asked)) {
                return asked;
            }
        }
        return "";
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        // nothing: the servlet resolved everything before the upgrade
    }
}
