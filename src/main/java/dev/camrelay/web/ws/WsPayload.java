package dev.camrelay.web.ws;

import dev.camrelay.media.Format;
import dev.camrelay.media.Frame;
import dev.camrelay.web.ViewerOptions;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * What one frame becomes on one viewer's WebSocket: the bytes of one binary message. The one place
 * where a viewer's wire format is chosen; called by the viewer's single writer, so an
 * implementation may keep per-viewer state without locking.
 */
@FunctionalInterface
interface WsPayload {
    /**
     * The stream's own format: one JPEG, one H.264 access unit in Annex B, or one picture's TS
     * packets.
     */
    WsPayload AS_INGESTED = Frame::payload;

    /** The bytes of the frame's message, or null when this frame sends nothing. */
    ByteBuffer message(Frame frame);

    /** This payload for a stream of {@code format}, once the viewer found its stream. */
    default WsPayload forStream(Format format) {
        return this;
    }

    /** The payload for a viewer that asked with these upgrade parameters. */
    static WsPayload forViewer(Map<String, List<String>> parameters) {
        ViewerOptions options = ViewerOptions.from(parameters);
        return options.fmp4() ? new Fmp4Payloads(options.audio(), Format.H264) : AS_INGESTED;
    }
}
