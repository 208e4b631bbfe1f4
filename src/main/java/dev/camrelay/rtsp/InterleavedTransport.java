package dev.camrelay.rtsp;

import java.io.IOException;
import java.util.Optional;

/** RTP and RTCP interleaved in the RTSP connection ({@code $} frames), the default. */
final class InterleavedTransport implements MediaTransport {
    @Override
    public String setupHeader(int first) {
        return "RTP/AVP/TCP;unicast;interleaved=" + first + "-" + (first + 1);
    }

    @Override
    public int[] accept(String serverTransport, int first) {
        return channels(serverTransport, first);
    }

    @Override
    public RtspMessage.Interleaved next(RtspConnection rtsp) throws IOException {
        while (true) {
            if (rtsp.next() instanceof RtspMessage.Interleaved frame) {
                return frame;
            }
        }
    }

    @Override
    public void send(RtspConnection rtsp, int channel, byte[] packet) throws IOException {
        rtsp.sendInterleaved(channel, packet);
    }

    @Override
    public void close() {}

    /** The channels the server chose ({@code interleaved=a-b}); the ones asked for when absent. */
    static int[] channels(String transport, int first) {
        return pair(transport, "interleaved=").orElse(new int[] {first, first + 1});
    }

    /**
     * The pair {@code a-b} after {@code key} in a Transport header ({@code b} is {@code a+1} when
     * left out); empty when the key is absent or its value is not numbers.
     */
    static Optional<int[]> pair(String transport, String key) {
        for (String part : transport.split(";", -1)) {
            String p = part.strip();
            if (p.startsWith(key)) {
                String[] pair = p.substring(key.length()).split("-", -1);
                try {
                    int a = Integer.parseInt(pair[0].strip());
                    return Optional.of(
                            new int[] {
                                a, pair.length > 1 ? Integer.parseInt(pair[1].strip()) : a + 1
                            });
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
