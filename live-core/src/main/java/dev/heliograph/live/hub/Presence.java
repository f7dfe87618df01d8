package dev.heliograph.live.hub;

import dev.heliograph.live.channel.OrgChannel;
import java.util.Map;

/**
 * Who is subscribed to a channel, across all nodes. Entries expire: an entry not re-added within
 * the engine's presence TTL (about a minute by default) disappears, so the clients of a node
 * that died vanish on their own. The owner of an entry (the node holding the connection)
 * refreshes it by calling {@link #add} again, at least once per TTL/2.
 *
 * <p>Thread-safe. Calls may block on the engine's backend (network round trip for Redis) and
 * throw {@link HubUnavailableException} when it cannot be reached.
 */
public interface Presence {
    /** Adds or refreshes {@code info.client()} in {@code channel}. */
    void add(OrgChannel channel, ClientInfo info);

    /** Removes a client; a no-op if it is not present. */
    void remove(OrgChannel channel, String clientId);

    /** The present clients, by client id; live entries only. */
    Map<String, ClientInfo> list(OrgChannel channel);

    /** Counts of live entries. */
    PresenceStats stats(OrgChannel channel);
}
