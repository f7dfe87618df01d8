package dev.heliograph.live.redis;

import dev.heliograph.live.channel.OrgChannel;
import java.nio.charset.StandardCharsets;

/**
 * Every Redis key and PUB/SUB channel name the engine uses, under one base: {@code gf_live}, or
 * {@code <prefix>.gf_live} when {@code ha_prefix} is set (the same rule Grafana applies, so
 * several clusters can share one Redis). Channel ids are ASCII by the channel rules and the
 * prefix is checked to be, so names are built and read as ISO-8859-1 without surprises.
 *
 * <p>Immutable; used from any thread.
 */
final class KeySpace {
    private final String base;
    private final String channelPrefix;

    KeySpace(String haPrefix) {
        this.base = haPrefix.isEmpty() ? "gf_live" : haPrefix + ".gf_live";
        this.channelPrefix = base + ".ch.";
    }

    /** Checks an {@code ha_prefix} value; returns it. */
    static String checkPrefix(String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == ':';
            if (!ok) {
                throw new RedisConfigException("ha_prefix '" + prefix + "' contains '" + c + "' at position " + i
                        + ": use letters, digits and _ - . : only");
            }
        }
        return prefix;
    }

    String base() {
        return base;
    }

    /** The PUB/SUB channel carrying a channel's publications. */
    String pubSubChannel(OrgChannel channel) {
        return channelPrefix + channel.wireName();
    }

    static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] name) {
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    /** The node's own PUB/SUB channel: keeps the listener subscribed when no channel is. */
    String controlChannel(String nodeId) {
        return base + ".node." + nodeId;
    }

    /** Stream: the channel's history, entry id {@code <offset>-0}, fields {@code x} (expiry ms) and {@code d} (message). */
    byte[] historyStream(OrgChannel channel) {
        return bytes(base + ".history.stream." + channel.wireName());
    }

    /** Hash with fields {@code e} (epoch) and {@code o} (top offset) of the channel's history. */
    byte[] historyMeta(OrgChannel channel) {
        return bytes(base + ".history.meta." + channel.wireName());
    }

    /** The PUB/SUB channel every node listens to for control messages ({@code Hub#sendControl}). */
    String broadcastControlChannel() {
        return base + ".control";
    }

    /** Hash: client id to encoded client info. */
    byte[] presenceData(OrgChannel channel) {
        return bytes(base + ".presence.data." + channel.wireName());
    }

    /** Sorted set: client id scored by the epoch millisecond its entry expires. */
    byte[] presenceExpiry(OrgChannel channel) {
        return bytes(base + ".presence.expire." + channel.wireName());
    }

    /** Hash with fields {@code s} (schema JSON) and {@code f} (full frame JSON). */
    byte[] frame(OrgChannel channel) {
        return bytes(framePrefix(channel.orgId()) + channel.channel());
    }

    String framePrefix(long orgId) {
        return base + ".frame." + orgId + "/";
    }

    /** Hash: epoch second to frames pushed in that second (the last 60 s are kept). */
    byte[] rate(OrgChannel channel) {
        return bytes(ratePrefix(channel.orgId()) + channel.channel());
    }

    String ratePrefix(long orgId) {
        return base + ".rate." + orgId + "/";
    }

    /** Set: the org's channels that have (or recently had) a cached frame. */
    byte[] frameIndex(long orgId) {
        return bytes(base + ".frames." + orgId);
    }
}
