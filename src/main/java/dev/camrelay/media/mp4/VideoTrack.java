package dev.camrelay.media.mp4;

/** What an init segment says about its video track: H.264 or H.265. */
sealed interface VideoTrack permits AvcTrack, HevcTrack {
    int width();

    int height();

    /** The codec string for MediaSource.isTypeSupported, e.g. {@code avc1.42C01E}. */
    String codec();

    /** The bytes of the parameter sets the sample entry carries. */
    int parameterSetBytes();
}
