package dev.camrelay.rtsp;

/**
 * One rendition of a pulled camera: its state and why, for the API.
 *
 * @param name the stream name
 * @param title the configured title (the stream name when none is given)
 * @param quality "high" (the main URL) or "low" (the .low URL)
 * @param url the camera URL without credentials
 * @param state {@link SourceState#wireName()}
 * @param reason the last failure in words, empty while live
 * @param attempts connection attempts since the source last went live
 */
public record SourceStatus(
        String name,
        String title,
        String quality,
        String url,
        String state,
        String reason,
        long attempts) {}
