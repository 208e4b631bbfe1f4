package dev.camrelay.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.camrelay.media.Demuxer;
import dev.camrelay.media.Demuxers;
import dev.camrelay.media.Fixtures;
import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.StreamKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzz of what a camera sends: handshake lines and legacy headers, and each
 * format's byte stream in both framings (JPEG markers, NAL units, TS packets, lengths), fed in
 * random pieces through a read buffer the way the ingest thread feeds them, and the HTTP push's
 * demuxers. Bad input may only end in a counted {@link IngestException}: no other exception, no
 * frame over the limit, and no buffer that fills up without progress (a stuck connection).
 *
 * <p>{@code -Dcamrelay.fuzz.cases=N} sets the cases per target (default 100) and {@code
 * -Dcamrelay.fuzz.seed=S} the seed; a failure names the seed and case to replay.
 */
class IngestFuzzTest {
    private static final int CASES = Integer.getInteger("camrelay.fuzz.cases", 100);
    private static final long SEED = Long.getLong("camrelay.fuzz.seed", 20261207L);
    private static final int MAX_FRAME_BYTES = 256 * 1024;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final byte[][] INTERESTING = {
        {0},
        {(byte) 0xFF},
        {(byte) 0xFF, (byte) 0xD8},
        {(byte) 0xFF, (byte) 0xD9},
        {(byte) 0xFF, (byte) 0xDA},
        {0, 0, 1},
        {0, 0, 0, 1},
        {0, 0, 1, 0x65},
        {0, 0, 1, 0x67},
        {0x47},
        {0x47, 0x40, 0, 0x10},
        {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},
        {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
        {'\n'},
        {' '},
    };

    private final HandshakeReader reader = new HandshakeReader(EnumSet.allOf(Format.class));

    private static final List<Format> PUSHABLE =
            Arrays.stream(Format.values()).filter(Format::pushable).toList();

    @Test
    void handshakesEndInAHandshakeAWaitOrACountedRefusal() {
        List<byte[]> seeds =
                List.of(
                        ascii("STREAM cam mjpeg\n"),
                        ascii("STREAM cam-1 h264 quality=low framing=raw token=abc\n"),
                        ascii("STREAM a ts framing=length quality=high\n"),
                        legacy(7, 1, 0),
                        legacy(65535, 2, 1));
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                Handshake handshake = reader.read(ByteBuffer.wrap(input));
                if (handshake != null) {
                    assertTrue(
                            StreamKey.isValidName(handshake.key().name()),
                            "case " + i + ": " + handshake);
                }
            } catch (IngestException expected) {
                // a counted refusal
            } catch (RuntimeException e) {
                throw new AssertionError(replay("handshake", i) + ": " + e, e);
            }
        }
    }

    @Test
    void cameraStreamsInEveryFormatAndFraming() {
        int target = 0;
        for (Format format : PUSHABLE) {
            byte[] stream = sample(format);
            for (Framing framing : Framing.values()) {
                Handshake handshake =
                        new Handshake(new StreamKey("fuzz", Quality.HIGH), format, framing, false);
                byte[] wire =
                        framing == Framing.RAW
                                ? stream
                                : lengthFramed(stream, format == Format.MJPEG);
                Random random = new Random(SEED + target++);
                for (int i = 0; i < CASES; i++) {
                    byte[] input = mutate(wire, random);
                    feedThroughReadBuffer(
                            Framers.create(handshake, MAX_FRAME_BYTES),
                            input,
                            random,
                            replay(format + "/" + framing, i));
                }
            }
        }
    }

    @Test
    void httpPushBodiesInEveryFormat() {
        int target = 100;
        for (Format format : PUSHABLE) {
            byte[] stream = sample(format);
            Random random = new Random(SEED + target++);
            for (int i = 0; i < CASES; i++) {
                byte[] input = mutate(stream, random);
                Demuxer demuxer = Demuxers.of(format, MAX_FRAME_BYTES);
                String replay = replay("push " + format, i);
                try {
                    for (int off = 0; off < input.length; ) {
                        int len = Math.min(input.length - off, 1 + random.nextInt(8192));
                        demuxer.feed(
                                input,
                                off,
                                len,
                                (payload, keyframe) -> assertFrameSize(payload, replay));
                        off += len;
                    }
                } catch (RuntimeException e) {
                    throw new AssertionError(replay + ": " + e, e);
                }
            }
        }
    }

    /** Feeds the input in random pieces through a read buffer, as the ingest thread does. */
    private static void feedThroughReadBuffer(
            Framer framer, byte[] input, Random random, String replay) {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        int off = 0;
        try {
            while (off < input.length) {
                int len =
                        Math.min(
                                Math.min(input.length - off, buffer.remaining()),
                                1 + random.nextInt(16384));
                if (len == 0) {
                    fail(
                            replay
                                    + ": the read buffer is full and the framer takes nothing: the connection is stuck");
                }
                buffer.put(input, off, len);
                off += len;
                buffer.flip();
                boolean open =
                        framer.consume(
                                buffer, (payload, keyframe) -> assertFrameSize(payload, replay));
                buffer.compact();
                if (!open) {
                    return;
                }
            }
        } catch (IngestException expected) {
            // a counted failure that ends only this connection
        } catch (RuntimeException e) {
            throw new AssertionError(replay + ": " + e, e);
        }
    }

    private static void assertFrameSize(byte[] payload, String replay) {
        assertTrue(
                payload.length > 0 && payload.length <= MAX_FRAME_BYTES,
                replay + ": frame of " + payload.length + " bytes");
    }

    /** One to four mutations: bit flips, interesting bytes, cut, duplicated or inserted runs. */
    static byte[] mutate(byte[] seed, Random random) {
        byte[] data = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && data.length > 0; r++) {
            int at = random.nextInt(data.length);
            switch (random.nextInt(6)) {
                case 0 -> data[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> {
                    byte[] value = INTERESTING[random.nextInt(INTERESTING.length)];
                    System.arraycopy(value, 0, data, at, Math.min(value.length, data.length - at));
                }
                case 2 -> data = Arrays.copyOf(data, at);
                case 3 ->
                        data =
                                splice(
                                        data,
                                        at,
                                        Arrays.copyOfRange(
                                                data,
                                                at,
                                                Math.min(data.length, at + random.nextInt(4096))));
                case 4 -> {
                    byte[] noise = new byte[1 + random.nextInt(512)];
                    random.nextBytes(noise);
                    data = splice(data, at, noise);
                }
                default -> data = splice(data, at, INTERESTING[random.nextInt(INTERESTING.length)]);
            }
        }
        return data;
    }

    private static byte[] splice(byte[] data, int at, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + inserted.length);
        out.write(data, 0, at);
        out.writeBytes(inserted);
        out.write(data, at, data.length - at);
        return out.toByteArray();
    }

    private static byte[] sample(Format format) {
        byte[] all =
                switch (format) {
                    case MJPEG -> Fixtures.load(Fixtures.MJPEG);
                    case H264 -> Fixtures.load("h264/baseline-320x240.h264");
                    case TS -> Fixtures.load("ts/h264-160x120.ts");
                    case H265 -> throw new IllegalArgumentException("H.265 is never pushed");
                };
        return Arrays.copyOf(all, Math.min(all.length, 96 * 1024));
    }

    /** The stream as length-prefixed messages: whole JPEGs for MJPEG, 4 KiB pieces otherwise. */
    private static byte[] lengthFramed(byte[] stream, boolean jpegs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> pieces = jpegs ? Fixtures.mjpegSlices() : pieces(stream, 4096);
        for (byte[] piece : pieces) {
            out.writeBytes(
                    ByteBuffer.allocate(4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(piece.length)
                            .array());
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    private static List<byte[]> pieces(byte[] stream, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < stream.length; off += size) {
            out.add(Arrays.copyOfRange(stream, off, Math.min(stream.length, off + size)));
        }
        return out;
    }

    private static byte[] legacy(int stream, int type, int quality) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(stream)
                .putInt(type)
                .putInt(quality)
                .array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String replay(String target, int i) {
        return target + " case " + i + " (-Dcamrelay.fuzz.seed=" + SEED + ")";
    }
}
