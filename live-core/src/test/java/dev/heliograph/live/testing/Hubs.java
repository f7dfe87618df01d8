package dev.heliograph.live.testing;

import dev.heliograph.live.hub.Hub;

/** The engine the handler tests run on. */
public final class Hubs {
    private Hubs() {}

    public static Hub fresh() {
        return new MiniHub();
    }
}
