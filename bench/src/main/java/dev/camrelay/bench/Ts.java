package dev.camrelay.bench;

import static dev.camrelay.bench.FrameTag.TAG_LEN;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TS frames for {@code --format ts}: the pictures of an MPEG-1 video clip in MPEG-TS (what jsmpeg
 * plays), each rebuilt as one PES packet whose picture carries the tag and the padding.
 *
 * <p>The tag goes into an MPEG-1 user_data block ({@code 00 00 01 B2}) right after the picture
 * header, where ISO/IEC 11172-2 allows one; the same block is filled with 0xFF up to the frame
 * size. Padding inside the picture, not null packets, so every byte sent is part of one 50 kB
 * picture, as from a camera; decoders skip user data up to the next start code, and 0xFF bytes
 * cannot emulate one. The picture's own bytes are unchanged, so a keyframe still begins with its
 * sequence header right after the PES header, where the relay's demuxer looks for it; PAT and PMT
 * go in front of keyframes, as an encoder puts them.
 */
final class Ts {

    static final int SIZE = 188;
    private static final int NULL_PID = 0x1FFF;

    private Ts() {}

    /**
     * One frame per picture of {@code clip}, each at least {@code frameBytes} long (whole packets),
     * tag in its first video packet.
     */
    static FrameTemplates templates(byte[] clip, int frameBytes) {
        int pmtPid = -1, videoPid = -1;
        byte[] pat = null, pmt = null;
        List<byte[]> pesHeaders = new ArrayList<>(), pcrs = new ArrayList<>();
        List<ByteArrayOutputStream> es = new ArrayList<>();
        for (int off = 0; off + SIZE <= clip.length; off += SIZE) {
            if (clip[off] != 0x47)
                throw new IllegalArgumentException("ts clip: no sync byte at " + off);
            int pid = (clip[off + 1] & 0x1F) << 8 | clip[off + 2] & 0xFF;
            boolean start = (clip[off + 1] & 0x40) != 0;
            int af = (clip[off + 3] & 0x20) != 0 ? 1 + (clip[off + 4] & 0xFF) : 0;
            int pl = off + 4 + af;
            if (pid == 0 && pat == null) {
                pat = Arrays.copyOfRange(clip, off, off + SIZE);
                int sec = pl + 1 + (clip[pl] & 0xFF);
                pmtPid =
                        (clip[sec + 10] & 0x1F) << 8 | clip[sec + 11] & 0xFF; // first program's PMT
            } else if (pid == pmtPid && pmt == null) {
                pmt = Arrays.copyOfRange(clip, off, off + SIZE);
            } else if (start
                    && clip[pl] == 0
                    && clip[pl + 1] == 0
                    && clip[pl + 2] == 1
                    && (clip[pl + 3] & 0xF0) == 0xE0) {
                videoPid = pid;
                int hdr = 9 + (clip[pl + 8] & 0xFF);
                pesHeaders.add(Arrays.copyOfRange(clip, pl, pl + hdr));
                boolean pcr = af > 1 && (clip[off + 5] & 0x10) != 0;
                // keep the PCR (and random_access_indicator) of the picture's first packet, not the
                // clip's stuffing
                pcrs.add(
                        pcr
                                ? new byte[] {
                                    7,
                                    (byte) (clip[off + 5] & 0x50),
                                    clip[off + 6],
                                    clip[off + 7],
                                    clip[off + 8],
                                    clip[off + 9],
                                    clip[off + 10],
                                    clip[off + 11]
                                }
                                : new byte[0]);
                es.add(new ByteArrayOutputStream());
                es.get(es.size() - 1).write(clip, pl + hdr, off + SIZE - pl - hdr);
            } else if (pid == videoPid && pl < off + SIZE) {
                es.get(es.size() - 1).write(clip, pl, off + SIZE - pl);
            }
        }
        if (pat == null || pmt == null || es.isEmpty())
            throw new IllegalArgumentException("ts clip: no PAT, PMT or video PES");
        byte[] tables = new byte[2 * SIZE];
        System.arraycopy(pat, 0, tables, 0, SIZE);
        System.arraycopy(pmt, 0, tables, SIZE, SIZE);
        int packets = Math.max(1, (frameBytes + SIZE - 1) / SIZE);
        List<byte[]> frames = new ArrayList<>();
        int[] offs = new int[es.size()];
        for (int i = 0; i < es.size(); i++) {
            byte[] pic = es.get(i).toByteArray();
            boolean key = startsWith(pic, 0, 0xB3);
            int ins = userDataPoint(pic);
            byte[] head = pesHeaders.get(i), af = pcrs.get(i);
            head[4] = head[5] = 0; // PES_packet_length 0 (unbounded, allowed for video in TS): the
            // picture has grown
            int fixed = head.length + pic.length + 4 + TAG_LEN;
            int room = (packets - (key ? 2 : 0)) * (SIZE - 4) - af.length;
            byte[] ud = new byte[4 + TAG_LEN + Math.max(0, room - fixed)];
            ud[2] = 1;
            ud[3] = (byte) 0xB2;
            Arrays.fill(ud, 4 + TAG_LEN, ud.length, (byte) 0xFF);
            ByteBuffer pes = ByteBuffer.allocate(head.length + pic.length + ud.length);
            pes.put(head).put(pic, 0, ins).put(ud).put(pic, ins, pic.length - ins);
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            if (key) f.writeBytes(tables);
            offs[i] = f.size() + 4 + af.length + head.length + ins + 4;
            if (offs[i] + TAG_LEN > f.size() + SIZE)
                throw new IllegalArgumentException(
                        "ts clip: picture " + i + " has no user data point in its first packet");
            packetize(pes.array(), videoPid, af, f);
            frames.add(f.toByteArray());
        }
        System.err.println(
                "ts: "
                        + frames.size()
                        + " pictures, video PID "
                        + videoPid
                        + ", "
                        + frames.get(0).length
                        + " bytes per frame");
        return new FrameTemplates(frames, offs);
    }

    /**
     * Where the user data goes: at the first start code after the picture start code, i.e. right
     * after the picture header.
     */
    private static int userDataPoint(byte[] pic) {
        int p = 0;
        while (p + 4 <= pic.length && !startsWith(pic, p, 0x00)) p++;
        for (int i = p + 4; i + 4 <= pic.length; i++) {
            if (pic[i] == 0 && pic[i + 1] == 0 && pic[i + 2] == 1) {
                int code = pic[i + 3] & 0xFF;
                // MPEG-1 allows one user_data block here, before the first slice (0x01-0xAF)
                if (code < 0x01 || code > 0xAF)
                    throw new IllegalArgumentException(
                            "ts clip: picture header followed by start code " + code);
                return i;
            }
        }
        throw new IllegalArgumentException("ts clip: no picture header");
    }

    private static boolean startsWith(byte[] b, int at, int code) {
        return b[at] == 0 && b[at + 1] == 0 && b[at + 2] == 1 && (b[at + 3] & 0xFF) == code;
    }

    /**
     * Splits a PES packet into TS packets of {@code pid}; the first carries {@code af} (the PCR),
     * the last is filled by adaptation-field stuffing. Continuity counters are left 0: {@link
     * Continuity} sets them at send time.
     */
    private static void packetize(byte[] pes, int pid, byte[] af, ByteArrayOutputStream out) {
        for (int at = 0; at < pes.length; ) {
            byte[] p = new byte[SIZE];
            p[0] = 0x47;
            p[1] = (byte) ((at == 0 ? 0x40 : 0) | pid >> 8);
            p[2] = (byte) pid;
            byte[] a = at == 0 ? af : new byte[0];
            int n = Math.min(SIZE - 4 - a.length, pes.length - at);
            int stuff = SIZE - 4 - a.length - n;
            int afLen = a.length + stuff; // bytes of the adaptation field, its length byte included
            p[3] = (byte) (afLen > 0 ? 0x30 : 0x10);
            if (afLen > 0) {
                p[4] = (byte) (afLen - 1);
                System.arraycopy(
                        a,
                        Math.min(1, a.length),
                        p,
                        5,
                        Math.max(
                                0,
                                a.length
                                        - 1)); // flags and PCR; without them p[5] stays 0: no flags
                int used =
                        a.length > 0
                                ? a.length
                                : Math.min(2, afLen); // a one-byte field is its length byte alone
                Arrays.fill(p, 4 + used, 4 + afLen, (byte) 0xFF);
            }
            System.arraycopy(pes, at, p, 4 + afLen, n);
            at += n;
            out.writeBytes(p);
        }
    }

    /**
     * A joiner can decode from this message: it begins with the PAT (the relay's copies of PAT and
     * PMT), and a sequence header follows within the kept head. Once the relay has seen that a
     * length-framed sender ends each message on a picture, the sender's own PAT and PMT in front of
     * a keyframe travel with it too, so the header may sit a few packets in.
     */
    static boolean startsAtKeyframe(byte[] b, int len) {
        int end = len;
        for (int i = 0; i + 3 < end; i++)
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0xFF) == 0xB3)
                return (b[1] & 0x1F) == 0 && b[2] == 0; // first packet is the PAT
        return false;
    }

    /**
     * Per publisher: numbers each PID's packets 0..15 in the order sent, whatever template is
     * looped.
     */
    static final class Continuity {
        private final int[] next = new int[NULL_PID + 1];

        /**
         * Every packet the templates hold carries payload, so each one takes the next counter of
         * its PID.
         */
        void stamp(byte[] frame) {
            for (int off = 0; off < frame.length; off += SIZE) {
                int pid = (frame[off + 1] & 0x1F) << 8 | frame[off + 2] & 0xFF;
                frame[off + 3] = (byte) (frame[off + 3] & 0xF0 | next[pid]);
                next[pid] = (next[pid] + 1) & 15;
            }
        }
    }
}
