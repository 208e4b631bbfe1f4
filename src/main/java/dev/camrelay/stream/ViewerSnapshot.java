package dev.camrelay.stream;

/**
 * A {@code ?quality=auto} viewer as the API shows it.
 *
 * @param quality the rendition it watches now
 * @param switches how often it has changed rendition
 * @param framesOffered frames offered to it on this rendition (after its own {@code ?fps=} cap)
 * @param framesOut frames written to it on this rendition
 */
public record ViewerSnapshot(String quality, int switches, long framesOffered, long framesOut) {}
