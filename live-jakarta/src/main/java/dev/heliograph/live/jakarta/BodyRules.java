package dev.heliograph.live.jakarta;

import dev.heliograph.live.LiveSettings;
import java.time.Duration;

/**
 * How one HTTP API endpoint takes request bodies: the largest it accepts, how long a client may
 * take to send it, and the setting a refused client should ask about. Built once per servlet from
 * the settings and read by {@link AsyncPost}; immutable.
 *
 * @param limit          largest body in bytes, or {@link LiveSettings#UNLIMITED}
 * @param limitAdvice    completes "request body is larger than ...": names the limit and what to do
 * @param timeout        how long the body may take to arrive once the request's headers did
 * @param timeoutSetting the setting that holds {@code timeout}, named in the 408 answer
 */
record BodyRules(int limit, String limitAdvice, Duration timeout, String timeoutSetting) {}
