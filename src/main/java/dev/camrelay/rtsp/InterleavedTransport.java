package dev.camrelay.rtsp;

import java.io.IOException;

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
        for (String part : transport.split(";", -1)) {
            String p = part.strip();
            if (p.startsWith("interleaved=")) {
                String[] pair = p.substring(12).split("-", -1);
                try {
                    int rtp = Integer.parseInt(pair[0].strip());
                    return new int[] {
                        rtp, pair.length > 1 ? Integer.parseInt(pair[1].strip()) : rtp + 1
                    };
                } catch (NumberFormatException e) {
                    return new int[] {first, first + 1};
                }
            }
        }
        return new int[] {first, first + 1};
    }
}
