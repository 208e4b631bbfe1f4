package dev.camrelay.media.ts;

/** Receives the frames of a {@link TsDemuxer}, in stream order, on the thread that feeds it. */
@FunctionalInterface
public interface TsFrameConsumer {
    /**
     * @param packets whole 188-byte packets, each starting with its 0x47 sync byte: one video
     *     picture's PES packet and every packet that came along with it. Handed over: the demuxer
     *     never touches the array again, so it can become a frame payload as is.
     * @param keyframe the picture begins with a sequence header, and copies of the latest PAT and
     *     PMT packets (those seen so far) come first: a viewer can start decoding here
     */
    void frame(byte[] packets, boolean keyframe);
}
