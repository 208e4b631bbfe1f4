package dev.camrelay.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Demuxers;
import dev.camrelay.media.Fixtures;
import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import dev.camrelay.stream.StreamKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * MPEG-TS behind each framing, as the ingest builds it: length framing saves the wait for the next
 * picture, raw framing keeps it.
 */
class TsFramingTest {
    private static final int MAX = 8 << 20;
    private static final int TABLES = 2 * 188;
    private static final byte[] TS = Fixtures.load("ts/mpeg1-mp2-160x120.ts");

    private record Picture(byte[] packets, boolean keyframe) {}

    /**
     * The stream cut into pictures by the relay's own demuxer, as the bundled sender sends a .ts
     * file.
     */
    private static List<Picture> pictures() {
        List<Picture> pictures = new ArrayList<>();
        Demuxers.of(Format.TS, MAX)
                .feed(
                        TS,
                        0,
                        TS.length,
                        (payload, keyframe) -> pictures.add(new Picture(payload, keyframe)));
        return pictures;
    }

    /**
     * Sends each picture in a read of its own, length-prefixed for length framing, and checks how
     * many frames are out after each; returns them.
     */
    private static List<byte[]> send(
            List<Picture> pictures, Framing framing, IntUnaryOperator outAfter)
            throws IngestException {
        Framer framer =
                Framers.create(
                        new Handshake(new StreamKey("ts", Quality.HIGH), Format.TS, framing, false),
                        MAX);
        List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < pictures.size(); k++) {
            byte[] picture = pictures.get(k).packets();
            FramersTest.feed(
                    framer,
                    framing == Framing.LENGTH
                            ? FramersTest.lengthFramed(List.of(picture), false)
                            : picture,
                    out);
            assertEquals(
                    outAfter.applyAsInt(k),
                    out.size(),
                    framing + ": frames out after picture " + k);
        }
        return out;
    }

    @Test
    void lengthFramedPicturesComeOutAtTheirMessageEndsOnceTheRelayHasLearntIt()
            throws IngestException {
        List<Picture> pictures = pictures();
        List<byte[]> out = send(pictures, Framing.LENGTH, k -> k < 3 ? k : k + 1);
        // ffmpeg stuffs each picture's last packet: learnt from the same three pictures, a raw
        // stream's pictures come out at their last packet too
        List<byte[]> raw = send(pictures, Framing.RAW, k -> k < 3 ? k : k + 1);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(
                    raw.get(k),
                    out.get(k),
                    "while learning, picture " + k + " is cut as from a raw stream");
        }
        assertTrue(pictures.stream().skip(3).filter(Picture::keyframe).count() > 0);
        for (int k = 3; k < pictures.size(); k++) {
            byte[] sent = pictures.get(k).packets();
            byte[] relayed = out.get(k);
            // a keyframe's message begins with the sender's PAT and PMT copies; the relay puts its
            // own in front
            int copies = pictures.get(k).keyframe() ? TABLES : 0;
            assertEquals(sent.length + copies, relayed.length, "picture " + k);
            assertArrayEquals(
                    sent, Arrays.copyOfRange(relayed, copies, relayed.length), "picture " + k);
        }
    }
}
