package dev.heliograph.live.bench.fanout;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --name value} arguments of the fan-out harness's mains, and the few conversions they
 * share. Flags without a value ({@code --idle}) map to {@code "true"}. Stateless.
 */
final class FanoutArgs {
    private FanoutArgs() {}

    static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got '" + argv[i] + "'");
            }
            String name = argv[i].substring(2);
            if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                args.put(name, argv[++i]);
            } else {
                args.put(name, "true");
            }
        }
        return args;
    }

    static String required(Map<String, String> args, String name) {
        String value = args.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    static int intArg(Map<String, String> args, String name, int fallback) {
        String value = args.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, got '" + value + "'");
        }
    }

    /** Whether {@code --protocol} is {@code stomp}; {@code centrifuge} (the default) otherwise, anything else is refused. */
    static boolean stomp(Map<String, String> args) {
        String protocol = args.getOrDefault("protocol", "centrifuge");
        if (!protocol.equals("centrifuge") && !protocol.equals("stomp")) {
            throw new IllegalArgumentException("--protocol must be centrifuge or stomp, got '" + protocol + "'");
        }
        return protocol.equals("stomp");
    }

    /** {@code user:password} as an HTTP Basic header value; null for {@code none}. */
    static String authorization(String userColonPassword) {
        if ("none".equals(userColonPassword)) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }
}
