package dev.heliograph.live.protocol;

import org.jspecify.annotations.Nullable;

/** The client commands, by their field name on the wire. */
enum Method {
    CONNECT("connect"),
    SUBSCRIBE("subscribe"),
    UNSUBSCRIBE("unsubscribe"),
    PUBLISH("publish"),
    PRESENCE("presence"),
    PRESENCE_STATS("presence_stats"),
    HISTORY("history"),
    RPC("rpc"),
    REFRESH("refresh"),
    SUB_REFRESH("sub_refresh"),
    SEND("send");

    private final String field;

    Method(String field) {
        this.field = field;
    }

    /** The command's field name, also the reply's result field. */
    String field() {
        return field;
    }

    /** Whether the command names a channel, which must then be non-empty. */
    boolean takesChannel() {
        return switch (this) {
            case SUBSCRIBE, UNSUBSCRIBE, PUBLISH, PRESENCE, PRESENCE_STATS, HISTORY, SUB_REFRESH -> true;
            default -> false;
        };
    }

    /** The method named {@code field}, or null. */
    static @Nullable Method byField(String field) {
        return switch (field) {
            case "connect" -> CONNECT;
            case "subscribe" -> SUBSCRIBE;
            case "unsubscribe" -> UNSUBSCRIBE;
            case "publish" -> PUBLISH;
            case "presence" -> PRESENCE;
            case "presence_stats" -> PRESENCE_STATS;
            case "history" -> HISTORY;
            case "rpc" -> RPC;
            case "refresh" -> REFRESH;
            case "sub_refresh" -> SUB_REFRESH;
            case "send" -> SEND;
            default -> null;
        };
    }
}
