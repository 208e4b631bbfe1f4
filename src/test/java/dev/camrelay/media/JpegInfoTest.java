package dev.camrelay.media;

import static dev.camrelay.media.Fixtures.bytes;
import static dev.camrelay.media.Fixtures.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JpegInfoTest {
    private static final byte[] BARS = Fixtures.load(Fixtures.BARS);
    private static final byte[] PROGRESSIVE = Fixtures.load(Fixtures.PROGRESSIVE);
    private static final List<byte[]> SLICES = Fixtures.mjpegSlices();

    @Test
    void parseReadsTheSizeOfEveryFixture() {
        assertEquals(Optional.of(new JpegInfo(320, 240)), JpegInfo.parse(BARS));
        assertEquals(
                Optional.of(new JpegInfo(160, 120)),
                JpegInfo.parse(PROGRESSIVE),
                "progressive (SOF2)");
        for (byte[] jpeg : SLICES) {
            assertEquals(Optional.of(new JpegInfo(160, 120)), JpegInfo.parse(jpeg));
        }
    }

    @Test
    void parseSkipsAnExifSegmentWhoseThumbnailHasAnotherSize() {
        byte[] withThumb = Fixtures.withExifThumbnail(SLICES.get(0), BARS);
        assertEquals(
                Optional.of(new JpegInfo(160, 120)),
                JpegInfo.parse(withThumb),
                "the main image, not the 320x240 thumbnail");
    }

    @Test
    void parseNeedsOnlyTheHeaders() {
        byte[] jpeg = SLICES.get(0);
        // the SOF of the ffmpeg images starts at 301; its width field is bytes 308-309
        assertEquals(Optional.of(new JpegInfo(160, 120)), JpegInfo.parse(Arrays.copyOf(jpeg, 310)));
        assertEquals(Optional.empty(), JpegInfo.parse(Arrays.copyOf(jpeg, 309)));
    }

    @Test
    void parseGivesEmptyForWhatIsNotAJpegWithAFrameHeader() {
        assertEquals(Optional.empty(), JpegInfo.parse(new byte[0]));
        assertEquals(Optional.empty(), JpegInfo.parse(bytes(0xFF, 0xD8)));
        assertEquals(
                Optional.empty(),
                JpegInfo.parse("not a jpeg at all".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), JpegInfo.parse(bytes(0xFF, 0xD8, 0xFF, 0xD9)));
        // SOS before any SOF
        assertEquals(
                Optional.empty(),
                JpegInfo.parse(
                        bytes(0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 0xFF, 0xD9)));
        // DHT (C4) is in the SOF code range but is not a frame header
        assertEquals(
                Optional.empty(),
                JpegInfo.parse(
                        bytes(0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x07, 0x08, 0x00, 0x78, 0x00, 0xA0)));
    }

    @Test
    void looksCompleteForEveryFixture() {
        assertTrue(JpegInfo.looksComplete(BARS));
        assertTrue(JpegInfo.looksComplete(PROGRESSIVE));
        for (byte[] jpeg : SLICES) {
            assertTrue(JpegInfo.looksComplete(jpeg));
        }
    }

    @Test
    void looksCompleteToleratesAFewPaddingBytesAfterTheEoi() {
        assertTrue(JpegInfo.looksComplete(concat(BARS, new byte[16])));
    }

    @Test
    void looksCompleteIsFalseForTruncatedOrForeignData() {
        assertFalse(
                JpegInfo.looksComplete(Arrays.copyOf(BARS, BARS.length - 1)), "EOI cut in half");
        assertFalse(JpegInfo.looksComplete(Arrays.copyOf(BARS, BARS.length - 2)), "EOI missing");
        assertFalse(JpegInfo.looksComplete(Arrays.copyOf(BARS, BARS.length / 2)), "half an image");
        assertFalse(JpegInfo.looksComplete(Arrays.copyOfRange(BARS, 2, BARS.length)), "no SOI");
        assertFalse(JpegInfo.looksComplete("GIF89a.......".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(JpegInfo.looksComplete(new byte[0]));
        assertFalse(JpegInfo.looksComplete(bytes(0xFF, 0xD8, 0xFF)));
    }

    @Test
    void multipartPartIsTheJpegThenTheNextDelimiterAndHeaders() {
        byte[] jpeg = BARS.clone();
        Frame frame = new Frame(jpeg, 7, 123L, true);
        byte[] expected =
                concat(
                        BARS,
                        "\r\n--camrelay-frame\r\nContent-Type: image/jpeg\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("camrelay-frame", Multipart.BOUNDARY);
        assertArrayEquals(expected, frame.multipartPart());
        assertArrayEquals(expected, frame.multipartPart(), "the cached part is the same bytes");
    }

    @Test
    void multipartBufferIsTheSamePartOutsideTheHeapWithAPositionPerCaller() {
        Frame frame = new Frame(BARS.clone(), 7, 123L, true);
        ByteBuffer first = frame.multipartBuffer();
        assertTrue(first.isDirect(), "a socket takes a direct buffer without a copy");
        assertTrue(first.isReadOnly(), "one viewer's writer cannot change what the others send");
        byte[] written = new byte[first.remaining()];
        first.get(written);
        assertArrayEquals(frame.multipartPart(), written);
        ByteBuffer second = frame.multipartBuffer();
        assertEquals(
                written.length,
                second.remaining(),
                "a consumed view leaves the next caller's untouched");
        assertEquals(0, second.position());
    }

    @Test
    void preambleIsTheFirstDelimiterAndTheFirstPartsHeaders() {
        assertArrayEquals(
                "--camrelay-frame\r\nContent-Type: image/jpeg\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                Multipart.preamble());
        assertEquals("multipart/x-mixed-replace; boundary=camrelay-frame", Multipart.CONTENT_TYPE);
    }

    @Test
    void framePayloadViewsAreReadOnlyAndIndependent() {
        Frame frame = new Frame(BARS.clone(), 1, 5L, false);
        assertTrue(frame.payload().isReadOnly());
        assertTrue(
                frame.payload().isDirect(), "written to every viewer's socket without a copy each");
        frame.payload().get(new byte[10]);
        assertEquals(0, frame.payload().position(), "each view starts at 0");
        assertEquals(BARS.length, frame.payload().remaining());
        assertEquals(BARS.length, frame.size());
        byte[] copy = frame.copyPayload();
        assertArrayEquals(BARS, copy);
        copy[0] = 0;
        assertArrayEquals(BARS, frame.copyPayload(), "a copy does not write through");
        assertNotSame(frame.copyPayload(), frame.copyPayload());
        assertEquals(1, frame.sequence());
        assertEquals(5L, frame.ingestNanos());
        assertFalse(frame.keyframe());
    }
}
