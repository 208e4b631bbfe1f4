package dev.camrelay.web.ws;

import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.media.mp4.Fmp4Muxer;
import java.nio.ByteBuffer;

/**
 * A {@code ?format=fmp4} viewer's messages: each H.264 or H.265 access unit and each AAC frame of
 * the stream's audio track as one fragmented-MP4 fragment, with an init segment in front of the
 * first and of any keyframe whose parameter sets or audio track changed. A viewer without audio (a
 * thinned thumbnail) gets init segments without the audio track, so its player waits for no sound.
 * Frames before the first keyframe map to null (nothing is sent). Owned by the viewer's writer,
 * which writes one frame at a time.
 */
final class Fmp4Payloads implements WsPayload {
    private final Fmp4Muxer muxer;
    private final boolean withAudio;

    /**
     * {@code withAudio}: the init segments declare the stream's audio track, if it has one; {@code
     * video}: H.264 or H.265.
     */
    Fmp4Payloads(boolean withAudio, Format video) {
        this.withAudio = withAudio;
        this.muxer = new Fmp4Muxer(video);
    }

    @Override
    public WsPayload forStream(Format format) {
        return new Fmp4Payloads(withAudio, format);
    }

    @Override
    public ByteBuffer message(Frame frame) {
        return (frame.audio()
                        ? muxer.muxAudio(
                                frame.copyPayload(),
                                frame.timestamp(),
                                frame.ingestNanos(),
                                frame.audioTrack())
                        : muxer.mux(
                                frame.copyPayload(),
                                frame.ingestNanos(),
                                frame.keyframe(),
                                withAudio ? frame.audioTrack() : null))
                .map(ByteBuffer::wrap)
                .orElse(null);
    }
}
