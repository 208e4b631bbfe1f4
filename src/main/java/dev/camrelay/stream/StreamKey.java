package dev.camrelay.stream;

import dev.camrelay.media.Quality;
import java.util.regex.Pattern;

/** A stream's identity: a camera name and one of its renditions. */
public record StreamKey(String name, Quality quality) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public StreamKey {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid stream name: " + name);
        }
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return name + "/" + quality.wireName();
    }
}
