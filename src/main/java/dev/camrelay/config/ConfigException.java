package dev.camrelay.config;

/** A configuration value that cannot be used; the message names the key and the value. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String key, String value, String problem) {
        super("config " + key + "=" + value + ": " + problem);
    }

    public ConfigException(String message) {
        super(message);
    }
}
