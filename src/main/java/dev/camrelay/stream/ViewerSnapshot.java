package dev.camrelay.stream;

/**
 * A {@code ?quality=auto} viewer as the API shows it.
 *
 * @param quality the rendition it watches now
 * @param switches how often it has changed rendition
 * @param framesOut frames written to it on this rendition
 * @param framesLost frames it lost on this rendition (superseded, overflowed, skipped to a keyframe)
 */
public record ViewerSnapshot(String quality, int switches, long framesOut, long framesLost) {
}
