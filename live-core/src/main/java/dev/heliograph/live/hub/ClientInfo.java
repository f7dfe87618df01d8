package dev.heliograph.live.hub;

import static java.util.Objects.requireNonNull;

import dev.heliograph.live.json.RawJson;
import org.jspecify.annotations.Nullable;

/**
 * Who a publication, join or leave came from, and a presence entry: the protocol's
 * {@code ClientInfo}. Immutable.
 *
 * @param user     the user id
 * @param client   the connection id (unique per connection across all nodes)
 * @param connInfo optional connection info, raw JSON; null when absent
 * @param chanInfo optional channel info, raw JSON; null when absent
 */
public record ClientInfo(String user, String client, @Nullable RawJson connInfo, @Nullable RawJson chanInfo) {
    public ClientInfo {
        requireNonNull(user, "user");
        requireNonNull(client, "client");
    }

    public static ClientInfo of(String user, String client) {
        return new ClientInfo(user, client, null, null);
    }
}
