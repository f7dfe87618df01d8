package dev.heliograph.live.testing;

import dev.heliograph.live.hub.Hub;
import dev.heliograph.live.hub.LocalHub;

/** The engine the handler tests run on: the real in-memory reference engine. */
public final class Hubs {
    private Hubs() {}

    public static Hub fresh() {
        return new LocalHub();
    }
}
