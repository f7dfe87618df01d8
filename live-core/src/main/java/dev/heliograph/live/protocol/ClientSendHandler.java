package dev.heliograph.live.protocol;

import dev.heliograph.live.LiveUser;
import dev.heliograph.live.json.RawJson;

/**
 * Receives the client's asynchronous {@code send} messages (they get no reply). Without one they
 * are ignored. Called on the connection's command thread; thread-safe, quick; an exception is
 * logged and the connection stays.
 */
@FunctionalInterface
public interface ClientSendHandler {
    void onSend(LiveUser user, RawJson data);
}
