package dev.heliograph.live.protocol;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * An error reply's body: {@code {"code":C,"message":"...","temporary"?:true}}.
 *
 * @param code      the protocol code (100-112) or an application code (400-1999)
 * @param message   shown to the client's application as it is
 * @param temporary whether the client should retry
 */
record ReplyError(int code, String message, boolean temporary) {

    static final ReplyError INTERNAL = new ReplyError(100, "internal server error", true);
    static final ReplyError PERMISSION_DENIED = new ReplyError(103, "permission denied", false);
    static final ReplyError METHOD_NOT_FOUND = new ReplyError(104, "method not found", false);
    static final ReplyError ALREADY_SUBSCRIBED = new ReplyError(105, "already subscribed", false);
    static final ReplyError LIMIT_EXCEEDED = new ReplyError(106, "limit exceeded", false);
    static final ReplyError NOT_AVAILABLE = new ReplyError(108, "not available", false);
    static final ReplyError TOO_MANY_REQUESTS = new ReplyError(111, "too many requests", true);
    static final ReplyError FORBIDDEN = new ReplyError(403, "forbidden", false);
    static final ReplyError NOT_FOUND = new ReplyError(404, "not found", false);

    ReplyError {
        requireNonNull(message, "message");
    }

    /** 400: the channel breaks a channel rule; the message says which. */
    static ReplyError invalidChannel(@Nullable String detail) {
        return new ReplyError(400, "invalid channel: " + detail, false);
    }
}
