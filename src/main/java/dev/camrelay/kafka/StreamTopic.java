package dev.camrelay.kafka;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.StreamKey;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stream's topic, named as the original project named them: {@code
 * <name>_<mjpg|h264|ts>_<low|high>}, e.g. {@code stream0_h264_low}. One partition per topic keeps a
 * stream's frames in order.
 */
record StreamTopic(String topic, StreamKey key, Format format) {
    /** The directory of nodes and their cameras (compacted, key = node id). */
    static final String PRESENCE = "camrelay_presence";

    /** The offset of each stream topic's last keyframe (compacted, key = stream topic). */
    static final String KEYFRAMES = "camrelay_keyframes";

    private static final Pattern NAME =
            Pattern.compile("([A-Za-z0-9_-]{1,64})_(mjpg|h264|ts)_(low|high)");

    static StreamTopic of(StreamKey key, Format format) {
        return new StreamTopic(
                key.name() + "_" + shortName(format) + "_" + key.quality().wireName(), key, format);
    }

    /** The stream a topic carries, if its name follows the convention. */
    static Optional<StreamTopic> parse(String topic) {
        Matcher m = NAME.matcher(topic);
        if (!m.matches()) {
            return Optional.empty();
        }
        Format format =
                m.group(2).equals("mjpg")
                        ? Format.MJPEG
                        : Format.fromWireName(m.group(2)).orElseThrow();
        Quality quality = Quality.fromWireName(m.group(3)).orElseThrow();
        return Optional.of(new StreamTopic(topic, new StreamKey(m.group(1), quality), format));
    }

    private static String shortName(Format format) {
        return format == Format.MJPEG ? "mjpg" : format.wireName();
    }
}
