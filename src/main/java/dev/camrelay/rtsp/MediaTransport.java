package dev.camrelay.rtsp;

import java.io.IOException;

/**
 * How a pull's RTP and RTCP travel: interleaved in the RTSP connection, or over UDP. Tracks are
 * named by channel pairs as in interleaving (video 0-1, audio 2-3) whichever the transport. Owned
 * by the source's thread.
 */
interface MediaTransport extends AutoCloseable {
    /** The SETUP request's Transport header for the track on {@code first} and {@code first+1}. */
    String setupHeader(int first) throws IOException;

    /** Takes the server's answer; returns the RTP and RTCP channel numbers the track now uses. */
    int[] accept(String serverTransport, int first) throws IOException;

    /**
     * The next RTP or RTCP packet; RTSP responses arriving meanwhile (keep-alive answers) are read
     * and dropped. Throws {@link java.net.SocketTimeoutException} after the idle timeout without
     * media.
     */
    RtspMessage.Interleaved next(RtspConnection rtsp) throws IOException;

    /** Sends an RTCP packet on {@code channel}. */
    void send(RtspConnection rtsp, int channel, byte[] packet) throws IOException;

    @Override
    void close();
}
