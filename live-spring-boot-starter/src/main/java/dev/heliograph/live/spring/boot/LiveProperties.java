package dev.heliograph.live.spring.boot;

import dev.heliograph.live.LiveSettings;
import dev.heliograph.live.LiveUser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code heliograph.live.*} properties: every key of {@link LiveSettings} under its relaxed
 * Spring name ({@code max_connections} is {@code heliograph.live.max-connections}), plus the
 * starter's own {@code enabled} and {@code security.*}. A property left unset keeps the library's
 * default (named in each description), so {@link LiveSettings} stays the one place defaults live.
 *
 * <p>Bound once by Spring Boot at start-up and read by {@link LiveAutoConfiguration} on the
 * context's start-up thread; {@link #toSettings()} turns it into Grafana's key names and
 * {@link LiveSettings#fromMap}, whose errors name the key and the accepted form.
 */
@ConfigurationProperties(prefix = "heliograph.live")
public class LiveProperties {

    /** Whether the starter configures Live at all. */
    private boolean enabled = true;
    /** Open WebSocket connections per node; -1 unlimited, 0 disables Live. Default 100. */
    private @Nullable Integer maxConnections;
    /** Origin globs allowed besides the server's own, e.g. https://*.example.com. Default none. */
    private @Nullable List<String> allowedOrigins;
    /** Largest inbound client message (and publish body) in bytes; -1 unlimited. Default 65536. */
    private @Nullable Integer messageSizeLimit;
    /** Engine: empty for in-memory, "redis" for Redis (add dev.heliograph:live-redis). Default in-memory. */
    private @Nullable String haEngine;
    /** Engine address: host:port, redis://, rediss:// or sentinel://. Default 127.0.0.1:6379. */
    private @Nullable String haEngineAddress;
    /** Engine password. Default none. */
    private @Nullable String haEnginePassword;
    /** Prefix of the engine's keys and channels. Default the engine's own. */
    private @Nullable String haPrefix;
    /** The public URL browsers use (for the Origin check), e.g. https://live.example.com/. Default none. */
    private @Nullable String rootUrl;
    /** Protocol ping to idle clients and push sockets. Default 25s. */
    private @Nullable Duration pingInterval;
    /** Time a client has to answer a ping; shorter than the ping interval. Default 10s. */
    private @Nullable Duration pongTimeout;
    /** Time after the upgrade to send the connect command. Default 15s. */
    private @Nullable Duration connectTimeout;
    /** The container's idle timeout of a WebSocket. Default 2m. */
    private @Nullable Duration idleTimeout;
    /** Time for a publish body to arrive. Default 10s. */
    private @Nullable Duration bodyTimeout;
    /** Time clients get to take their 3001 close when the application stops. Default 10s. */
    private @Nullable Duration shutdownTimeout;
    /** Time after a token's expiry before an unrefreshed connection closes. Default 25s. */
    private @Nullable Duration tokenExpiryGrace;
    /** Bytes queued for one client before it is closed with 3008. Default 1048576. */
    private @Nullable Integer outboundQueueBytes;
    /** Channels per connection. Default 128. */
    private @Nullable Integer maxChannels;
    /** Messages joined into one outbound frame. Default 16. */
    private @Nullable Integer maxMessagesPerFrame;
    /** Largest joined outbound frame in bytes. Default 65536. */
    private @Nullable Integer maxFrameBytes;
    /** Commands per second per connection; -1 unlimited. Default 100. */
    private @Nullable Integer commandRateLimit;
    /** Commands at once before the rate applies. Default 300. */
    private @Nullable Integer commandBurst;
    /** Channel size above which join/leave is not announced; -1 always. Default 500. */
    private @Nullable Integer joinLeaveMaxMembers;
    /** Largest HTTP line-protocol body in bytes; -1 unlimited. Default 10485760. */
    private @Nullable Integer pushBodyLimit;
    /** Time for a push body to arrive. Default 10s. */
    private @Nullable Duration pushBodyTimeout;
    /** Largest push WebSocket message in bytes; -1 unlimited. Default 1048576. */
    private @Nullable Integer pushMessageLimit;
    /** Least role that may POST line protocol. Default viewer. */
    private LiveUser.@Nullable Role pushHttpMinRole;
    /** Where the WebSocket endpoint is mapped. Default /api/live/ws. */
    private @Nullable String websocketPath;
    /** Prefix of the publish, list and push endpoints. Default /api/live. */
    private @Nullable String httpApiPath;
    /** Reported to clients in the connect result. */
    private @Nullable String serverVersion;

    private final Security security = new Security();

    /**
     * The settings these properties describe.
     *
     * @throws IllegalArgumentException naming the first bad value with its key and accepted form
     */
    public LiveSettings toSettings() {
        return LiveSettings.fromMap(asGrafanaKeys());
    }

    /** The properties that are set, under Grafana's key names, as text. */
    Map<String, String> asGrafanaKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        put(keys, "max_connections", maxConnections);
        put(keys, "allowed_origins", allowedOrigins == null ? null : String.join(",", allowedOrigins));
        put(keys, "message_size_limit", messageSizeLimit);
        put(keys, "ha_engine", haEngine);
        put(keys, "ha_engine_address", haEngineAddress);
        put(keys, "ha_engine_password", haEnginePassword);
        put(keys, "ha_prefix", haPrefix);
        put(keys, "root_url", rootUrl);
        put(keys, "ping_interval", pingInterval);
        put(keys, "pong_timeout", pongTimeout);
        put(keys, "connect_timeout", connectTimeout);
        put(keys, "idle_timeout", idleTimeout);
        put(keys, "body_timeout", bodyTimeout);
        put(keys, "shutdown_timeout", shutdownTimeout);
        put(keys, "token_expiry_grace", tokenExpiryGrace);
        put(keys, "outbound_queue_bytes", outboundQueueBytes);
        put(keys, "max_channels", maxChannels);
        put(keys, "max_messages_per_frame", maxMessagesPerFrame);
        put(keys, "max_frame_bytes", maxFrameBytes);
        put(keys, "command_rate_limit", commandRateLimit);
        put(keys, "command_burst", commandBurst);
        put(keys, "join_leave_max_members", joinLeaveMaxMembers);
        put(keys, "push_body_limit", pushBodyLimit);
        put(keys, "push_body_timeout", pushBodyTimeout);
        put(keys, "push_message_limit", pushMessageLimit);
        put(keys, "push_http_min_role", pushHttpMinRole == null ? null : pushHttpMinRole.name().toLowerCase(Locale.ROOT));
        put(keys, "websocket_path", websocketPath);
        put(keys, "http_api_path", httpApiPath);
        put(keys, "server_version", serverVersion);
        return keys;
    }

    private static void put(Map<String, String> keys, String key, @Nullable Object value) {
        if (value != null) {
            // Duration#toString is ISO-8601 (PT0.5S), which LiveSettings accepts
            keys.put(key, value.toString());
        }
    }

    /** How {@link SpringSecurityAuthenticator} maps a Spring Security user to a Live user. */
    public static class Security {
        /** The org every signed-in user belongs to. */
        private long orgId = 1;
        /** Authority that makes a user an org Admin. */
        private String adminAuthority = "ROLE_ADMIN";
        /** Authority that makes a user an org Editor (else Viewer). */
        private String editorAuthority = "ROLE_EDITOR";

        public long getOrgId() {
            return orgId;
        }

        public void setOrgId(long orgId) {
            this.orgId = orgId;
        }

        public String getAdminAuthority() {
            return adminAuthority;
        }

        public void setAdminAuthority(String adminAuthority) {
            this.adminAuthority = adminAuthority;
        }

        public String getEditorAuthority() {
            return editorAuthority;
        }

        public void setEditorAuthority(String editorAuthority) {
            this.editorAuthority = editorAuthority;
        }
    }

    public Security getSecurity() {
        return security;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(@Nullable Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public @Nullable List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(@Nullable List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public @Nullable Integer getMessageSizeLimit() {
        return messageSizeLimit;
    }

    public void setMessageSizeLimit(@Nullable Integer messageSizeLimit) {
        this.messageSizeLimit = messageSizeLimit;
    }

    public @Nullable String getHaEngine() {
        return haEngine;
    }

    public void setHaEngine(@Nullable String haEngine) {
        this.haEngine = haEngine;
    }

    public @Nullable String getHaEngineAddress() {
        return haEngineAddress;
    }

    public void setHaEngineAddress(@Nullable String haEngineAddress) {
        this.haEngineAddress = haEngineAddress;
    }

    public @Nullable String getHaEnginePassword() {
        return haEnginePassword;
    }

    public void setHaEnginePassword(@Nullable String haEnginePassword) {
        this.haEnginePassword = haEnginePassword;
    }

    public @Nullable String getHaPrefix() {
        return haPrefix;
    }

    public void setHaPrefix(@Nullable String haPrefix) {
        this.haPrefix = haPrefix;
    }

    public @Nullable String getRootUrl() {
        return rootUrl;
    }

    public void setRootUrl(@Nullable String rootUrl) {
        this.rootUrl = rootUrl;
    }

    public @Nullable Duration getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(@Nullable Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public @Nullable Duration getPongTimeout() {
        return pongTimeout;
    }

    public void setPongTimeout(@Nullable Duration pongTimeout) {
        this.pongTimeout = pongTimeout;
    }

    public @Nullable Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(@Nullable Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public @Nullable Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(@Nullable Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public @Nullable Duration getBodyTimeout() {
        return bodyTimeout;
    }

    public void setBodyTimeout(@Nullable Duration bodyTimeout) {
        this.bodyTimeout = bodyTimeout;
    }

    public @Nullable Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public @Nullable Duration getTokenExpiryGrace() {
        return tokenExpiryGrace;
    }

    public void setTokenExpiryGrace(@Nullable Duration tokenExpiryGrace) {
        this.tokenExpiryGrace = tokenExpiryGrace;
    }

    public @Nullable Integer getOutboundQueueBytes() {
        return outboundQueueBytes;
    }

    public void setOutboundQueueBytes(@Nullable Integer outboundQueueBytes) {
        this.outboundQueueBytes = outboundQueueBytes;
    }

    public @Nullable Integer getMaxChannels() {
        return maxChannels;
    }

    public void setMaxChannels(@Nullable Integer maxChannels) {
        this.maxChannels = maxChannels;
    }

    public @Nullable Integer getMaxMessagesPerFrame() {
        return maxMessagesPerFrame;
    }

    public void setMaxMessagesPerFrame(@Nullable Integer maxMessagesPerFrame) {
        this.maxMessagesPerFrame = maxMessagesPerFrame;
    }

    public @Nullable Integer getMaxFrameBytes() {
        return maxFrameBytes;
    }

    public void setMaxFrameBytes(@Nullable Integer maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public @Nullable Integer getCommandRateLimit() {
        return commandRateLimit;
    }

    public void setCommandRateLimit(@Nullable Integer commandRateLimit) {
        this.commandRateLimit = commandRateLimit;
    }

    public @Nullable Integer getCommandBurst() {
        return commandBurst;
    }

    public void setCommandBurst(@Nullable Integer commandBurst) {
        this.commandBurst = commandBurst;
    }

    public @Nullable Integer getJoinLeaveMaxMembers() {
        return joinLeaveMaxMembers;
    }

    public void setJoinLeaveMaxMembers(@Nullable Integer joinLeaveMaxMembers) {
        this.joinLeaveMaxMembers = joinLeaveMaxMembers;
    }

    public @Nullable Integer getPushBodyLimit() {
        return pushBodyLimit;
    }

    public void setPushBodyLimit(@Nullable Integer pushBodyLimit) {
        this.pushBodyLimit = pushBodyLimit;
    }

    public @Nullable Duration getPushBodyTimeout() {
        return pushBodyTimeout;
    }

    public void setPushBodyTimeout(@Nullable Duration pushBodyTimeout) {
        this.pushBodyTimeout = pushBodyTimeout;
    }

    public @Nullable Integer getPushMessageLimit() {
        return pushMessageLimit;
    }

    public void setPushMessageLimit(@Nullable Integer pushMessageLimit) {
        this.pushMessageLimit = pushMessageLimit;
    }

    public LiveUser.@Nullable Role getPushHttpMinRole() {
        return pushHttpMinRole;
    }

    public void setPushHttpMinRole(LiveUser.@Nullable Role pushHttpMinRole) {
        this.pushHttpMinRole = pushHttpMinRole;
    }

    public @Nullable String getWebsocketPath() {
        return websocketPath;
    }

    public void setWebsocketPath(@Nullable String websocketPath) {
        this.websocketPath = websocketPath;
    }

    public @Nullable String getHttpApiPath() {
        return httpApiPath;
    }

    public void setHttpApiPath(@Nullable String httpApiPath) {
        this.httpApiPath = httpApiPath;
    }

    public @Nullable String getServerVersion() {
        return serverVersion;
    }

    public void setServerVersion(@Nullable String serverVersion) {
        this.serverVersion = serverVersion;
    }
}
