package dev.heliograph.live.example;

/** A bad command-line flag, config file or users file: the message says what and where. */
final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }
}
