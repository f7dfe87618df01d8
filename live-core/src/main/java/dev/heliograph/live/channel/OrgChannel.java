package dev.heliograph.live.channel;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A channel inside one organisation (tenant): the unit engines route, store and isolate by.
 * On the client protocol it is written {@code <orgId>/<scope>/<namespace>/<path>}
 * ({@link #wireName()}); the 160-byte limit applies to the part after the prefix.
 * Immutable; safe to share between threads.
 */
public record OrgChannel(long orgId, ChannelId channel) {

    /** The most digits an org prefix may have (any 18-digit number fits in a {@code long}). */
    private static final int MAX_ORG_DIGITS = 18;

    public OrgChannel {
        if (orgId <= 0) {
            throw new InvalidChannelException("org id must be a positive number, got " + orgId);
        }
        requireNonNull(channel, "channel");
    }

    public static OrgChannel of(long orgId, ChannelId channel) {
        return new OrgChannel(orgId, channel);
    }

    /** {@code of(orgId, ChannelId.parse(channel))}. */
    public static OrgChannel of(long orgId, String channel) {
        return new OrgChannel(orgId, ChannelId.parse(channel));
    }

    /**
     * Parses the wire form {@code <orgId>/<scope>/<namespace>/<path>}.
     *
     * @throws InvalidChannelException if the prefix is not a positive decimal org id without a
     *     leading zero (at most 18 digits), or the rest is not a valid channel
     */
    public static OrgChannel parseWire(@Nullable String wireName) {
        if (wireName == null || wireName.isEmpty()) {
            throw new InvalidChannelException("channel is empty: expected <orgId>/scope/namespace/path");
        }
        int slash = wireName.indexOf('/');
        if (slash <= 0) {
            throw new InvalidChannelException("channel '" + wireName
                    + "' has no org prefix: expected <orgId>/scope/namespace/path, e.g. 1/grafana/broadcast/chat");
        }
        long orgId = 0;
        for (int i = 0; i < slash; i++) {
            char c = wireName.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidChannelException("channel '" + wireName + "' has org prefix '"
                        + wireName.substring(0, slash) + "' that is not a positive decimal number:"
                        + " expected <orgId>/scope/namespace/path, e.g. 1/grafana/broadcast/chat");
            }
            if (i >= MAX_ORG_DIGITS) {
                throw new InvalidChannelException("channel '" + wireName + "' has org prefix '"
                        + wireName.substring(0, slash) + "' that is too large: at most " + MAX_ORG_DIGITS + " digits");
            }
            orgId = orgId * 10 + (c - '0');
        }
        if (orgId == 0) {
            throw new InvalidChannelException("channel '" + wireName + "' has org prefix '"
                    + wireName.substring(0, slash) + "': org ids start at 1");
        }
        if (wireName.charAt(0) == '0') {
            throw new InvalidChannelException("channel '" + wireName + "' has org prefix '"
                    + wireName.substring(0, slash) + "' with a leading zero: write it as " + orgId
                    + " so that the name the server sends back matches");
        }
        return new OrgChannel(orgId, ChannelId.parse(wireName.substring(slash + 1)));
    }

    /** The protocol name {@code <orgId>/<scope>/<namespace>/<path>}. */
    public String wireName() {
        return orgId + "/" + channel;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
