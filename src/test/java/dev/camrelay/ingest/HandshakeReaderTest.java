package dev.camrelay.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.StreamKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeReaderTest {
    private final HandshakeReader reader = new HandshakeReader(EnumSet.of(Format.MJPEG));

    static byte[] legacy(int stream, int type, int quality) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(stream)
                .putInt(type)
                .putInt(quality)
                .array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private IngestException rejected(byte[] bytes) {
        return assertThrows(IngestException.class, () -> reader.read(ByteBuffer.wrap(bytes)));
    }

    @Test
    void legacyHeaderIsLittleEndian() throws IngestException {
        byte[] header = {3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
        assertArrayEquals(header, legacy(3, 0, 1), "the helper writes what the Go cameras write");
        ByteBuffer in = ByteBuffer.wrap(header);
        Handshake h = reader.read(in);
        assertEquals(
                new Handshake(
                        new StreamKey("stream3", Quality.HIGH), Format.MJPEG, Framing.LENGTH, true),
                h);
        assertEquals(12, in.position(), "consumes exactly the 12 header bytes");
    }

    @Test
    void legacyLowQualityAndLargestNumber() throws IngestException {
        Handshake h = reader.read(ByteBuffer.wrap(legacy(65_535, 0, 0)));
        assertEquals(new StreamKey("stream65535", Quality.LOW), h.key());
        assertEquals(
                new StreamKey("stream0", Quality.HIGH),
                reader.read(ByteBuffer.wrap(legacy(0, 0, 1))).key());
    }

    @Test
    void legacyHeaderLeavesTheFollowingBytesInTheBuffer() throws IngestException {
        byte[] frame = {5, 0, 0, 0, 1, 2, 3, 4, 5};
        ByteBuffer in = ByteBuffer.wrap(concat(legacy(7, 0, 0), frame));
        assertEquals("stream7", reader.read(in).key().name());
        assertEquals(12, in.position());
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        assertArrayEquals(frame, rest);
    }

    @Test
    void legacyHeaderAtEverySplitNeedsMoreUntilComplete() throws IngestException {
        byte[] header = legacy(3, 0, 1);
        for (int n = 0; n < header.length; n++) {
            ByteBuffer partial = ByteBuffer.allocate(64);
            partial.put(header, 0, n).flip();
            assertNull(reader.read(partial), n + " bytes: needs more");
            assertEquals(0, partial.position(), n + " bytes: untouched");
            assertEquals(n, partial.limit(), n + " bytes: untouched");
            // the rest arrives (the connection compacts and appends)
            partial.position(partial.limit()).limit(partial.capacity());
            partial.put(header, n, header.length - n).flip();
            Handshake h = reader.read(partial);
            assertEquals(new StreamKey("stream3", Quality.HIGH), h.key(), "split at " + n);
            assertEquals(12, partial.position());
        }
    }

    @Test
    void legacyHeaderInABufferThatDoesNotStartAtZero() throws IngestException {
        byte[] bytes = concat(new byte[5], legacy(9, 0, 1));
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(5);
        assertEquals("stream9", reader.read(in).key().name());
        assertEquals(17, in.position());
    }

    @Test
    void streamNumber83StartsWithSButIsLegacy() throws IngestException {
        byte[] header = legacy(83, 0, 1);
        assertEquals('S', header[0]);
        assertNull(
                reader.read(ByteBuffer.wrap(header, 0, 1)),
                "'S' alone could still be text: needs more");
        assertNull(reader.read(ByteBuffer.wrap(header, 0, 2)), "S 00: legacy, needs 12 bytes");
        Handshake h = reader.read(ByteBuffer.wrap(header));
        assertEquals(
                new Handshake(
                        new StreamKey("stream83", Quality.HIGH),
                        Format.MJPEG,
                        Framing.LENGTH,
                        true),
                h);
    }

    static java.util.stream.Stream<Arguments> badLegacy() {
        return java.util.stream.Stream.of(
                Arguments.of("negative stream", legacy(-1, 0, 1), RejectReason.BAD_STREAM_NUMBER),
                Arguments.of("stream 70000", legacy(70_000, 0, 1), RejectReason.BAD_STREAM_NUMBER),
                Arguments.of(
                        "big-endian stream 1",
                        new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0},
                        RejectReason.BAD_STREAM_NUMBER),
                Arguments.of("type 7", legacy(1, 7, 1), RejectReason.BAD_TYPE),
                Arguments.of("type -1", legacy(1, -1, 1), RejectReason.BAD_TYPE),
                Arguments.of(
                        "big-endian type 1",
                        new byte[] {1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0},
                        RejectReason.BAD_TYPE),
                Arguments.of("quality 2", legacy(1, 0, 2), RejectReason.BAD_QUALITY),
                Arguments.of(
                        "big-endian quality 1",
                        new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
                        RejectReason.BAD_QUALITY),
                Arguments.of("H.264", legacy(1, 1, 1), RejectReason.UNSUPPORTED_FORMAT),
                Arguments.of("MPEG-TS", legacy(1, 2, 0), RejectReason.UNSUPPORTED_FORMAT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLegacy")
    void invalidLegacyHeadersAreRejectedWithTheirReason(
            String what, byte[] header, RejectReason reason) {
        assertEquals(reason, rejected(header).reason());
    }

    @Test
    void h264IsAcceptedWhenSupported() throws IngestException {
        HandshakeReader all = new HandshakeReader(EnumSet.allOf(Format.class));
        assertEquals(Format.H264, all.read(ByteBuffer.wrap(legacy(1, 1, 1))).format());
        assertEquals(Format.TS, all.read(ByteBuffer.wrap(legacy(1, 2, 1))).format());
        assertEquals(Format.H264, all.read(ByteBuffer.wrap(ascii("STREAM cam h264\n"))).format());
    }

    @Test
    void h265IsNeverPushedEvenWhenEveryFormatIsAccepted() {
        HandshakeReader all = new HandshakeReader(EnumSet.allOf(Format.class));
        IngestException legacy =
                assertThrows(
                        IngestException.class,
                        () -> all.read(ByteBuffer.wrap(legacy(1, Format.H265.legacyType(), 1))));
        IngestException text =
                assertThrows(
                        IngestException.class,
                        () -> all.read(ByteBuffer.wrap(ascii("STREAM cam h265\n"))));
        assertEquals(RejectReason.BAD_TYPE, legacy.reason());
        assertEquals(RejectReason.BAD_REQUEST, text.reason());
    }

    @Test
    void textLineWithDefaults() throws IngestException {
        ByteBuffer in = ByteBuffer.wrap(ascii("STREAM cam1 mjpeg\n"));
        Handshake h = reader.read(in);
        assertEquals(
                new Handshake(
                        new StreamKey("cam1", Quality.HIGH), Format.MJPEG, Framing.LENGTH, false),
                h);
        assertFalse(in.hasRemaining());
    }

    @Test
    void textLineWithOptions() throws IngestException {
        Handshake h =
                reader.read(
                        ByteBuffer.wrap(ascii("STREAM Cam_2-b mjpeg quality=low framing=raw\n")));
        assertEquals(
                new Handshake(
                        new StreamKey("Cam_2-b", Quality.LOW), Format.MJPEG, Framing.RAW, false),
                h);
        Handshake h2 =
                reader.read(
                        ByteBuffer.wrap(ascii("STREAM cam1 MJPEG framing=length quality=high\n")));
        assertEquals(
                new Handshake(
                        new StreamKey("cam1", Quality.HIGH), Format.MJPEG, Framing.LENGTH, false),
                h2);
    }

    @Test
    void textLineWithCrLfAndTheBytesAfterItStayInTheBuffer() throws IngestException {
        byte[] jpegStart = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
        ByteBuffer in =
                ByteBuffer.wrap(concat(ascii("STREAM cam1 mjpeg framing=raw\r\n"), jpegStart));
        Handshake h = reader.read(in);
        assertEquals(
                new Handshake(
                        new StreamKey("cam1", Quality.HIGH), Format.MJPEG, Framing.RAW, false),
                h);
        assertEquals(3, in.remaining());
        assertEquals((byte) 0xFF, in.get());
        assertEquals((byte) 0xD8, in.get());
    }

    @Test
    void textLineAtEverySplitNeedsMoreUntilTheNewline() throws IngestException {
        byte[] line = ascii("STREAM cam1 mjpeg quality=low\n");
        for (int n = 0; n < line.length; n++) {
            ByteBuffer partial = ByteBuffer.wrap(line, 0, n);
            assertNull(reader.read(partial), n + " bytes: needs more");
            assertEquals(0, partial.position(), n + " bytes: untouched");
        }
        assertEquals(Quality.LOW, reader.read(ByteBuffer.wrap(line)).key().quality());
    }

    @Test
    void startsLikeTextComparesOnlyWhatArrived() {
        assertTrue(HandshakeReader.startsLikeText(ByteBuffer.wrap(ascii("STR"))));
        assertTrue(HandshakeReader.startsLikeText(ByteBuffer.wrap(ascii("STREAM x"))));
        assertFalse(HandshakeReader.startsLikeText(ByteBuffer.wrap(ascii("STREAMX"))));
        assertFalse(HandshakeReader.startsLikeText(ByteBuffer.wrap(ascii("GET / HTTP/1.1"))));
        assertFalse(HandshakeReader.startsLikeText(ByteBuffer.allocate(0)));
    }

    static java.util.stream.Stream<Arguments> badLines() {
        return java.util.stream.Stream.of(
                Arguments.of("STREAM cam/1 mjpeg\n", RejectReason.BAD_NAME),
                Arguments.of("STREAM " + "a".repeat(65) + " mjpeg\n", RejectReason.BAD_NAME),
                Arguments.of("STREAM cäm mjpeg\n", RejectReason.BAD_NAME),
                Arguments.of("STREAM cam1 vp8\n", RejectReason.BAD_REQUEST),
                Arguments.of("STREAM cam1 h264\n", RejectReason.UNSUPPORTED_FORMAT),
                Arguments.of("STREAM cam1 ts\n", RejectReason.UNSUPPORTED_FORMAT),
                Arguments.of("STREAM cam1 mjpeg color=red\n", RejectReason.BAD_REQUEST),
                Arguments.of("STREAM cam1 mjpeg framing=chunked\n", RejectReason.BAD_REQUEST),
                Arguments.of("STREAM cam1 mjpeg quality=medium\n", RejectReason.BAD_QUALITY),
                Arguments.of("STREAM cam1\n", RejectReason.BAD_REQUEST),
                Arguments.of("STREAM \n", RejectReason.BAD_REQUEST),
                Arguments.of("STREAM   \r\n", RejectReason.BAD_REQUEST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void badTextLinesAreRejectedWithTheirReason(String line, RejectReason reason) {
        assertEquals(reason, rejected(line.getBytes(StandardCharsets.UTF_8)).reason());
    }

    @Test
    void nameOf64CharactersIsAccepted() throws IngestException {
        String name = "a".repeat(64);
        assertEquals(
                name,
                reader.read(ByteBuffer.wrap(ascii("STREAM " + name + " mjpeg\n"))).key().name());
    }

    @Test
    void tokenOptionIsCarriedToThePublishGateAndNeverPrinted() throws IngestException {
        Handshake h =
                reader.read(ByteBuffer.wrap(ascii("STREAM cam1 mjpeg framing=raw token=s3cret\n")));
        assertEquals(
                new Handshake(
                        new StreamKey("cam1", Quality.HIGH),
                        Format.MJPEG,
                        Framing.RAW,
                        false,
                        "s3cret"),
                h);
        assertTrue(!h.toString().contains("s3cret"), "a token never reaches a log line: " + h);
        assertEquals(
                RejectReason.BAD_REQUEST,
                rejected(ascii("STREAM cam1 mjpeg token=\n")).reason(),
                "an empty token is malformed");
    }

    @Test
    void lineOver1024BytesWithoutNewlineIsTooLong() {
        byte[] line = ascii("STREAM " + "x".repeat(1025 - 7));
        assertEquals(1025, line.length);
        assertEquals(RejectReason.LINE_TOO_LONG, rejected(line).reason());
        assertEquals(
                RejectReason.LINE_TOO_LONG, rejected(ascii("STREAM " + "x".repeat(5000))).reason());
    }

    @Test
    void lineOf1024BytesWithoutNewlineYetNeedsMore() throws IngestException {
        byte[] line = ascii("STREAM " + "x".repeat(1024 - 7));
        assertEquals(1024, line.length);
        ByteBuffer in = ByteBuffer.wrap(line);
        assertNull(reader.read(in));
        assertEquals(0, in.position());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 11})
    void longLineRejectionIsIndependentOfHowItArrives(int tail) {
        // 1024 bytes are fine so far; any byte more without a newline is not
        byte[] line = ascii("STREAM cam1 mjpeg quality=low" + " ".repeat(1024 - 29 + tail));
        assertEquals(RejectReason.LINE_TOO_LONG, rejected(line).reason());
    }
}
