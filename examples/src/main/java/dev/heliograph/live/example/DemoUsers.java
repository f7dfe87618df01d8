package dev.heliograph.live.example;

import dev.heliograph.live.LiveUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's user directory: login, password, org, role and an optional static API token per
 * user, from a users file ({@code login:password:orgId:role[:apiToken]}, {@code #} comments) or
 * the built-in {@code admin:admin:1:Admin:admin-api-token}. Immutable; any thread.
 */
final class DemoUsers {

    private record Entry(LiveUser user, String password, String token) {}

    private final Map<String, Entry> byLogin;
    private final Map<String, Entry> byToken;

    private DemoUsers(List<Entry> entries) {
        byLogin = new HashMap<>();
        byToken = new HashMap<>();
        for (Entry e : entries) {
            byLogin.put(e.user().login(), e);
            if (e.token() != null) {
                byToken.put(e.token(), e);
            }
        }
    }

    static DemoUsers builtIn() {
        return new DemoUsers(List.of(new Entry(new LiveUser("1", "admin", 1, LiveUser.Role.ADMIN), "admin",
                "admin-api-token")));
    }

    static DemoUsers load(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read users file " + file + ": " + e.getMessage());
        }
        List<Entry> entries = new java.util.ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (n + 1);
            String[] parts = line.split(":", -1);
            if (parts.length < 4 || parts.length > 5) {
                throw new ConfigException(where + ": expected login:password:orgId:role[:apiToken], got '" + line + "'");
            }
            String login = parts[0].trim();
            if (login.isEmpty() || parts[1].isEmpty()) {
                throw new ConfigException(where + ": login and password must not be empty");
            }
            if (seen.put(login, n + 1) != null) {
                throw new ConfigException(where + ": user '" + login + "' is listed twice");
            }
            long org;
            try {
                org = Long.parseLong(parts[2].trim());
                if (org <= 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new ConfigException(where + ": org id must be a positive number, got '" + parts[2] + "'");
            }
            LiveUser.Role role;
            try {
                role = LiveUser.Role.valueOf(parts[3].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": role must be Viewer, Editor or Admin, got '" + parts[3] + "'");
            }
            String token = parts.length == 5 && !parts[4].isBlank() ? parts[4].trim() : null;
            entries.add(new Entry(new LiveUser(String.valueOf(entries.size() + 1), login, org, role), parts[1], token));
        }
        if (entries.isEmpty()) {
            throw new ConfigException("users file " + file + " lists no users");
        }
        return new DemoUsers(entries);
    }

    Optional<LiveUser> byPassword(String login, String password) {
        Entry e = byLogin.get(login);
        return e != null && constantTimeEquals(e.password(), password) ? Optional.of(e.user()) : Optional.empty();
    }

    Optional<LiveUser> byToken(String token) {
        Entry e = byToken.get(token);
        return e == null ? Optional.empty() : Optional.of(e.user());
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
