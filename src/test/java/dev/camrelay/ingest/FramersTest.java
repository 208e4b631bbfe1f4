package dev.camrelay.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Demuxers;
import dev.camrelay.media.Fixtures;
import dev.camrelay.media.Format;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramersTest {
    private static final List<byte[]> SLICES = Fixtures.mjpegSlices();
    private static final byte[] MJPEG = Fixtures.load(Fixtures.MJPEG);
    private static final byte[] BARS = Fixtures.load(Fixtures.BARS);

    static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    static byte[] lengthFramed(List<byte[]> frames, boolean end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            out.writeBytes(le(frame.length));
            out.writeBytes(frame);
        }
        if (end) {
            out.writeBytes(le(0));
        }
        return out.toByteArray();
    }

    /**
     * Feeds {@code input} in pieces cut at {@code cuts} through a reused read buffer (as the
     * connection does).
     */
    static boolean feed(Framer framer, byte[] input, List<byte[]> out, int... cuts)
            throws IngestException {
        int from = 0;
        int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = input.length;
        ByteBuffer buffer = ByteBuffer.allocate(input.length + 8);
        boolean open = true;
        for (int end : ends) {
            buffer.clear();
            buffer.position(3); // data not at the array's start
            buffer.put(input, from, end - from).flip();
            buffer.position(3);
            open = framer.consume(buffer, (f, key) -> out.add(f));
            assertFalse(buffer.hasRemaining(), "consume takes all of the buffer");
            Arrays.fill(buffer.array(), (byte) 0x5A);
            from = end;
        }
        return open;
    }

    private static void assertFrames(List<byte[]> expected, List<byte[]> actual, String context) {
        assertEquals(expected.size(), actual.size(), context + ": frames");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), context + ": frame " + i);
        }
    }

    @Test
    void lengthFramesAtEverySplitOffset() throws IngestException {
        List<byte[]> frames = List.of(SLICES.get(0), new byte[] {42}, BARS, SLICES.get(1));
        byte[] input = lengthFramed(frames, false);
        for (int cut = 0; cut <= input.length; cut++) {
            LengthFramer framer = new LengthFramer(1 << 20);
            List<byte[]> out = new ArrayList<>();
            assertTrue(feed(framer, input, out, cut), "still open, split at " + cut);
            assertFrames(frames, out, "split at " + cut);
            assertFalse(framer.midFrame(), "nothing buffered, split at " + cut);
        }
    }

    @Test
    void lengthFramesOneByteAtATime() throws IngestException {
        List<byte[]> frames = List.of(BARS, SLICES.get(2));
        byte[] input = lengthFramed(frames, true);
        LengthFramer framer = new LengthFramer(1 << 20);
        List<byte[]> out = new ArrayList<>();
        boolean open = true;
        for (int i = 0; i < input.length; i++) {
            open = framer.consume(ByteBuffer.wrap(input, i, 1), (f, key) -> out.add(f));
            assertEquals(
                    i < input.length - 1,
                    open,
                    "open before the last byte of the end marker, byte " + i);
        }
        assertFalse(open);
        assertFrames(frames, out, "bytewise");
    }

    @Test
    void lengthZeroEndsTheStreamAndTheRestIsIgnored() throws IngestException {
        byte[] input =
                concat(
                        lengthFramed(List.of(BARS), true),
                        lengthFramed(List.of(SLICES.get(0)), false));
        LengthFramer framer = new LengthFramer(1 << 20);
        List<byte[]> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(input);
        assertFalse(framer.consume(in, (f, key) -> out.add(f)));
        assertFalse(in.hasRemaining(), "bytes after the end are consumed and ignored");
        assertFrames(List.of(BARS), out, "before the end");
    }

    @Test
    void negativeLengthIsBadLength() {
        LengthFramer framer = new LengthFramer(1 << 20);
        IngestException e =
                assertThrows(
                        IngestException.class,
                        () -> framer.consume(ByteBuffer.wrap(le(-5)), (f, key) -> {}));
        assertEquals(RejectReason.BAD_LENGTH, e.reason());
        IngestException e2 =
                assertThrows(
                        IngestException.class,
                        () ->
                                new LengthFramer(1 << 20)
                                        .consume(
                                                ByteBuffer.wrap(new byte[] {0, 0, 0, (byte) 0x80}),
                                                (f, key) -> {}));
        assertEquals(RejectReason.BAD_LENGTH, e2.reason(), "Integer.MIN_VALUE");
        IngestException e3 =
                assertThrows(
                        IngestException.class,
                        () ->
                                new LengthFramer(1 << 20)
                                        .consume(ByteBuffer.wrap(le(-1)), (f, key) -> {}));
        assertEquals(RejectReason.BAD_LENGTH, e3.reason(), "-1");
    }

    @Test
    void lengthOverMaxIsFrameTooLargeBeforeAnyAllocation() throws IngestException {
        // a 2 GiB length would fail with OutOfMemoryError (not IngestException) if it were
        // allocated
        IngestException huge =
                assertThrows(
                        IngestException.class,
                        () ->
                                new LengthFramer(1024)
                                        .consume(
                                                ByteBuffer.wrap(le(Integer.MAX_VALUE)),
                                                (f, key) -> {}));
        assertEquals(RejectReason.FRAME_TOO_LARGE, huge.reason());
        IngestException one =
                assertThrows(
                        IngestException.class,
                        () ->
                                new LengthFramer(1024)
                                        .consume(ByteBuffer.wrap(le(1025)), (f, key) -> {}));
        assertEquals(RejectReason.FRAME_TOO_LARGE, one.reason());

        List<byte[]> out = new ArrayList<>();
        byte[] exactly = new byte[1024];
        exactly[1023] = 9;
        assertTrue(
                new LengthFramer(1024)
                        .consume(
                                ByteBuffer.wrap(lengthFramed(List.of(exactly), false)),
                                (f, key) -> out.add(f)));
        assertFrames(List.of(exactly), out, "exactly max");
    }

    @Test
    void midFrameWhileALengthOrPayloadIsPartial() throws IngestException {
        byte[] input = lengthFramed(List.of(BARS), false);
        LengthFramer framer = new LengthFramer(1 << 20);
        List<byte[]> out = new ArrayList<>();
        assertFalse(framer.midFrame());
        framer.consume(ByteBuffer.wrap(input, 0, 2), (f, key) -> out.add(f));
        assertTrue(framer.midFrame(), "half a length");
        framer.consume(ByteBuffer.wrap(input, 2, 2), (f, key) -> out.add(f));
        assertTrue(framer.midFrame(), "a length without its payload");
        framer.consume(ByteBuffer.wrap(input, 4, 100), (f, key) -> out.add(f));
        assertTrue(framer.midFrame(), "part of the payload");
        assertEquals(0, out.size());
        framer.consume(ByteBuffer.wrap(input, 104, input.length - 104), (f, key) -> out.add(f));
        assertFalse(framer.midFrame());
        assertFrames(List.of(BARS), out, "completed");
    }

    @Test
    void rawJpegFramesAtEverySplitOffset() throws IngestException {
        // three images of the fixture (the splitter itself is tested on all of it in
        // JpegSplitterTest)
        List<byte[]> three = SLICES.subList(0, 3);
        byte[] input = concat(three.toArray(byte[][]::new));
        for (int cut = 0; cut <= input.length; cut++) {
            DemuxingFramer framer = rawJpeg(1 << 20);
            List<byte[]> out = new ArrayList<>();
            assertTrue(feed(framer, input, out, cut));
            assertFrames(three, out, "split at " + cut);
            assertFalse(framer.midFrame());
            assertEquals(0, framer.garbageBytes());
        }
    }

    @Test
    void rawJpegWholeFixture() throws IngestException {
        DemuxingFramer framer = rawJpeg(1 << 20);
        List<byte[]> out = new ArrayList<>();
        assertTrue(feed(framer, MJPEG, out));
        assertFrames(SLICES, out, "whole fixture");
    }

    @Test
    void rawJpegMidFrameAndGarbageCount() throws IngestException {
        DemuxingFramer framer = rawJpeg(1 << 20);
        List<byte[]> out = new ArrayList<>();
        byte[] input =
                concat(new byte[] {1, 2, 3}, BARS, new byte[] {4, 5}, Arrays.copyOf(BARS, 50));
        assertTrue(feed(framer, input, out));
        assertFrames(List.of(BARS), out, "one whole image");
        assertTrue(framer.midFrame(), "50 bytes of the last image are buffered");
        assertEquals(5, framer.garbageBytes());
        assertEquals(0, framer.droppedFrames());
    }

    @Test
    void rawJpegDropsAnOversizeImage() throws IngestException {
        DemuxingFramer framer = rawJpeg(4000);
        List<byte[]> out = new ArrayList<>();
        assertTrue(feed(framer, concat(BARS, SLICES.get(0), BARS), out, 4000));
        assertFrames(List.of(BARS, BARS), out, "the 5166-byte image is dropped");
        assertEquals(1, framer.droppedFrames());
        assertFalse(framer.midFrame());
    }

    @Test
    void rawJpegGarbageLimitIsOneMebibyteWhenFramesAreSmaller() throws IngestException {
        int limit = 1 << 20;
        DemuxingFramer framer = rawJpeg(4096);
        List<byte[]> out = new ArrayList<>();
        assertTrue(
                framer.consume(ByteBuffer.wrap(new byte[limit]), (f, key) -> out.add(f)),
                "exactly the limit is tolerated");
        IngestException e =
                assertThrows(
                        IngestException.class,
                        () -> framer.consume(ByteBuffer.wrap(new byte[1]), (f, key) -> out.add(f)));
        assertEquals(RejectReason.GARBAGE, e.reason());
        assertEquals(limit + 1, framer.garbageBytes());
    }

    @Test
    void rawJpegGarbageLimitIsMaxFrameBytesWhenLarger() throws IngestException {
        int max = 3 << 20;
        DemuxingFramer framer = rawJpeg(max);
        List<byte[]> out = new ArrayList<>();
        assertTrue(framer.consume(ByteBuffer.wrap(new byte[max]), (f, key) -> out.add(f)));
        assertThrows(
                IngestException.class,
                () -> framer.consume(ByteBuffer.wrap(new byte[1]), (f, key) -> out.add(f)));
    }

    @Test
    void rawJpegGarbageCountRestartsWithEveryGoodImage() throws IngestException {
        DemuxingFramer framer = rawJpeg(4096);
        List<byte[]> out = new ArrayList<>();
        byte[] junk = new byte[700 * 1024];
        for (int i = 0; i < 4; i++) {
            // 4 x 700 KiB of garbage in all, but never more than 1 MiB without an image in between
            assertTrue(framer.consume(ByteBuffer.wrap(concat(junk, BARS)), (f, key) -> out.add(f)));
        }
        assertEquals(4, out.size());
        assertEquals(4L * junk.length, framer.garbageBytes());
    }

    static byte[] concat(byte[]... parts) {
        return Fixtures.concat(parts);
    }

    /** Raw MJPEG as the ingest builds it: the JPEG splitter behind raw framing. */
    private static DemuxingFramer rawJpeg(int maxFrameBytes) {
        return new DemuxingFramer(Demuxers.of(Format.MJPEG, maxFrameBytes), true, maxFrameBytes);
    }
}
