package dev.heliograph.live.channel;

import java.nio.charset.StandardCharsets;

/**
 * A channel id {@code scope/namespace/path}, validated. Immutable and safe to share between
 * threads; equal ids are {@code equals}.
 *
 * <p>Rules (checked by {@link #parse}): at most {@value #MAX_BYTES} bytes of UTF-8; split on the
 * first two {@code /} only, giving three non-empty parts; the path keeps every further
 * {@code /} ({@code a/b/c//d} has path {@code c//d}). Scope and namespace allow
 * {@code [A-Za-z0-9_.-]}; the path also allows {@code /} and {@code =}. Unlike Grafana's
 * {@code [A-z]} pattern, the characters {@code [ \ ] ^} and backtick are rejected.
 *
 * @param scope     {@code grafana}, {@code ds}, {@code plugin}, {@code stream}, or a host scope
 * @param namespace the feature, data source uid, plugin id or stream id
 * @param path      the rest; may contain {@code /}
 */
public record ChannelId(String scope, String namespace, String path) {

    /** The largest channel id, in UTF-8 bytes, not counting an org prefix. */
    public static final int MAX_BYTES = 160;

    /** Validates the three parts; prefer {@link #parse} or {@link #of}. */
    public ChannelId {
        checkPart("scope", scope, false);
        checkPart("namespace", namespace, false);
        checkPart("path", path, true);
        int bytes = scope.length() + namespace.length() + path.length() + 2; // all ASCII once checked
        if (bytes > MAX_BYTES) {
            throw new InvalidChannelException("channel is " + bytes + " bytes long, the limit is " + MAX_BYTES
                    + ": use a shorter path");
        }
    }

    /** Builds an id from its parts, validating each. */
    public static ChannelId of(String scope, String namespace, String path) {
        return new ChannelId(scope, namespace, path);
    }

    /**
     * Parses {@code scope/namespace/path}.
     *
     * @throws InvalidChannelException naming the rule that failed and the offending value
     */
    public static ChannelId parse(String channel) {
        if (channel == null || channel.isEmpty()) {
            throw new InvalidChannelException("channel is empty: expected scope/namespace/path");
        }
        int bytes = utf8Length(channel);
        if (bytes > MAX_BYTES) {
            throw new InvalidChannelException("channel is " + bytes + " bytes long, the limit is " + MAX_BYTES
                    + ": use a shorter path");
        }
        int first = channel.indexOf('/');
        int second = first < 0 ? -1 : channel.indexOf('/', first + 1);
        if (second < 0) {
            throw new InvalidChannelException("channel '" + channel
                    + "' has fewer than three parts: expected scope/namespace/path");
        }
        return new ChannelId(
                channel.substring(0, first), channel.substring(first + 1, second), channel.substring(second + 1));
    }

    /** Whether {@code channel} parses; never throws. */
    public static boolean isValid(String channel) {
        try {
            parse(channel);
            return true;
        } catch (InvalidChannelException e) {
            return false;
        }
    }

    /** {@code scope/namespace}, the key handlers are registered and cached under. */
    public String scopeAndNamespace() {
        return scope + '/' + namespace;
    }

    @Override
    public String toString() {
        return scope + '/' + namespace + '/' + path;
    }

    private static void checkPart(String part, String value, boolean isPath) {
        if (value == null || value.isEmpty()) {
            throw new InvalidChannelException(part + " is empty: expected scope/namespace/path with three non-empty parts");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!allowed(c, isPath)) {
                throw new InvalidChannelException(part + " '" + value + "' has character "
                        + describe(value.codePointAt(i)) + " at index " + i
                        + "; allowed: A-Z a-z 0-9 _ . -" + (isPath ? " / =" : ""));
            }
        }
    }

    private static boolean allowed(char c, boolean isPath) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '.'
                || c == '-'
                || (isPath && (c == '/' || c == '='));
    }

    /** A printable ASCII character in quotes, anything else as its Unicode code point. */
    private static String describe(int codePoint) {
        if (codePoint >= 0x21 && codePoint < 0x7f) {
            return "'" + (char) codePoint + "'";
        }
        return String.format("U+%04X", codePoint);
    }

    private static int utf8Length(String s) {
        int ascii = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
            ascii++;
        }
        return ascii;
    }
}
