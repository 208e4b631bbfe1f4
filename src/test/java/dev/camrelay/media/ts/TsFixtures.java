package dev.camrelay.media.ts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TS fixtures of src/test/resources/fixtures/ts with what ffprobe says about them (see
 * fixtures/README.md), and a deliberately naive reading of a clean file to check the demuxer
 * against.
 */
final class TsFixtures {
    static final int SIZE = 188;
    static final byte[] SEQUENCE_HEADER = {0, 0, 1, (byte) 0xB3};

    /**
     * One fixture and ffprobe's view of it: {@code -count_frames -show_entries
     * stream=codec_name,nb_read_frames}, and {@code -select_streams v -show_entries
     * frame=key_frame,pict_type} for the key frames (all of them I pictures); the sequence headers
     * ({@code 00 00 01 B3}) and the packets counted in the file.
     */
    record Stream(String file, int pictures, int keyFrames, int sequenceHeaders, int packets) {
        byte[] bytes() {
            return load(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /** ffprobe: mpeg1video 160x120 25 fps, 30 frames (2 I, 28 P); mp2 44.1 kHz, 46 frames. */
    static final Stream AV = new Stream("mpeg1-mp2-160x120.ts", 30, 2, 2, 156);

    /** ffprobe: mpeg1video 160x120 25 fps, 30 frames (2 I, 28 P). */
    static final Stream VIDEO = new Stream("mpeg1-160x120.ts", 30, 2, 2, 103);

    /** ffprobe: h264 Constrained Baseline 160x120 25 fps, 20 frames (2 I, 18 P). */
    static final Stream H264 = new Stream("h264-160x120.ts", 20, 2, 0, 66);

    static final List<Stream> MPEG1 = List.of(AV, VIDEO);
    static final List<Stream> ALL = List.of(AV, VIDEO, H264);

    private TsFixtures() {}

    static byte[] load(String name) {
        try (InputStream in = TsFixtures.class.getResourceAsStream("/fixtures/ts/" + name)) {
            assertNotNull(in, "fixture " + name + " is on the test classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's packets; it must be whole packets, each with its sync byte. */
    static List<byte[]> packets(byte[] ts) {
        assertEquals(0, ts.length % SIZE, "whole packets");
        List<byte[]> packets = new ArrayList<>();
        for (int at = 0; at < ts.length; at += SIZE) {
            assertEquals(0x47, ts[at] & 0xFF, "sync byte at " + at);
            packets.add(Arrays.copyOfRange(ts, at, at + SIZE));
        }
        return packets;
    }

    static int pid(byte[] packet) {
        return (packet[1] & 0x1F) << 8 | packet[2] & 0xFF;
    }

    static boolean unitStart(byte[] packet) {
        return (packet[1] & 0x40) != 0;
    }

    /** Payload bytes after the 4-byte header and any adaptation field. */
    static byte[] payload(byte[] packet) {
        int control = packet[3] >> 4 & 3;
        int start = (control & 2) != 0 ? 5 + (packet[4] & 0xFF) : 4;
        return (control & 1) != 0 ? Arrays.copyOfRange(packet, start, SIZE) : new byte[0];
    }

    static boolean videoPesStart(byte[] packet) {
        byte[] payload = payload(packet);
        return unitStart(packet)
                && payload.length >= 4
                && payload[0] == 0
                && payload[1] == 0
                && payload[2] == 1
                && (payload[3] & 0xF0) == 0xE0;
    }

    static int count(byte[] haystack, byte[] needle) {
        int n = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                n++;
            }
        }
        return n;
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * A clean file read the plain way: a picture runs from its video PES start to the next one (the
     * last one to the end of the file), except that once three stuffed video packets have each been
     * followed on the video PID by a PES start, a stuffed video packet ends its picture, and the
     * packets after it up to the next PES start lead the next picture. A picture whose first packet
     * holds a sequence header gets the PAT and PMT packets last seen before that packet in front.
     * ffmpeg puts its PAT in one packet with pointer_field 0 and no adaptation field, so the PMT
     * PID is at bytes 15-16; its video PES packets declare no length.
     *
     * @param frames one per picture, the last one included
     * @param firstPackets index of each picture's video PES start
     * @param leadingPackets packets before the first picture
     * @param lastEnded whether the last picture ends at a stuffed packet, so the file completes it
     * @param trailingPackets packets after the last picture's end, which lead a next one
     * @param completingPackets for each picture the file completes, the index of the packet that
     *     completes it: its stuffed packet, else the next picture's first packet
     */
    record Reference(
            List<Demux.Out> frames,
            List<Integer> firstPackets,
            int leadingPackets,
            boolean lastEnded,
            int trailingPackets,
            List<Integer> completingPackets) {
        static Reference of(byte[] ts) {
            List<byte[]> packets = packets(ts);
            List<Integer> starts = new ArrayList<>();
            List<Integer> fronts = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            List<Integer> completing = new ArrayList<>();
            List<byte[]> prefixes = new ArrayList<>();
            List<Boolean> keys = new ArrayList<>();
            byte[] pat = new byte[0];
            byte[] pmt = new byte[0];
            int pmtPid = -1;
            int evidence = 0;
            boolean stuffedLast = false;
            int front = -1;
            for (int i = 0; i < packets.size(); i++) {
                byte[] p = packets.get(i);
                if (pid(p) == 0 && unitStart(p)) {
                    assertEquals(0, p[4], "pointer_field");
                    pat = p;
                    pmtPid = (p[15] & 0x1F) << 8 | p[16] & 0xFF;
                } else if (pid(p) == pmtPid && unitStart(p)) {
                    pmt = p;
                }
                boolean video = pid(p) == Packets.VIDEO_PID && payload(p).length > 0;
                if (video && stuffedLast) {
                    assertTrue(videoPesStart(p), "ffmpeg stuffs only a PES packet's last packet");
                    evidence++;
                }
                if (videoPesStart(p)) {
                    boolean key = count(p, SEQUENCE_HEADER) > 0;
                    if (!starts.isEmpty() && ends.get(ends.size() - 1) < 0) {
                        ends.set(ends.size() - 1, i);
                        completing.add(i);
                    }
                    starts.add(i);
                    fronts.add(front < 0 ? i : front);
                    ends.add(-1);
                    keys.add(key);
                    prefixes.add(key ? concat(List.of(pat, pmt)) : new byte[0]);
                    front = -1;
                }
                if (video) {
                    stuffedLast = stuffed(p);
                    if (stuffedLast && evidence >= 3) {
                        ends.set(ends.size() - 1, i + 1);
                        completing.add(i);
                        front = i + 1;
                    }
                }
            }
            boolean lastEnded = ends.get(ends.size() - 1) >= 0;
            if (!lastEnded) {
                ends.set(ends.size() - 1, packets.size());
            }
            int trailing = packets.size() - ends.get(ends.size() - 1);
            List<Demux.Out> frames = new ArrayList<>();
            for (int k = 0; k < starts.size(); k++) {
                List<byte[]> parts = new ArrayList<>(List.of(prefixes.get(k)));
                parts.addAll(packets.subList(fronts.get(k), ends.get(k)));
                frames.add(new Demux.Out(concat(parts), keys.get(k)));
            }
            return new Reference(frames, starts, starts.get(0), lastEnded, trailing, completing);
        }

        /** Whether the packet has an adaptation field of stuffing only (ffmpeg's, flags 0). */
        private static boolean stuffed(byte[] p) {
            int control = p[3] >> 4 & 3;
            int length = p[4] & 0xFF;
            if (control != 3) {
                return false;
            }
            if (length == 0) {
                return true;
            }
            int needed = 1 + ((p[5] & 0x10) != 0 ? 6 : 0);
            assertEquals(0, p[5] & 0x0F, "ffmpeg's adaptation fields carry at most a PCR");
            return length > needed;
        }

        /** The frames a demuxer can know complete from the file alone: all but the last. */
        /**
         * Whether a demuxer fed the file holds part of a frame: an unfinished picture or a lead.
         */
        boolean openAtEnd() {
            return !lastEnded || trailingPackets > 0;
        }

        List<Demux.Out> complete() {
            return lastEnded ? frames : frames.subList(0, frames.size() - 1);
        }
    }
}
