package dev.camrelay.media.ts;

import static dev.camrelay.media.ts.TsFixtures.SIZE;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Ways a length-framed sender may cut a transport stream into messages, as byte ranges of it. */
final class Messages {
    /** The demo camera's clip, on the main classpath (DemoCameras): 320x240 MPEG-1 video only. */
    static final String DEMO_CLIP = "/demo/testsrc2-320x240-mpeg1.ts";

    /** {@code bytes[from, to)} of the stream. */
    record Range(int from, int to) {}

    private Messages() {}

    static byte[] demoClip() {
        try (InputStream in = Messages.class.getResourceAsStream(DEMO_CLIP)) {
            if (in == null) {
                throw new IllegalStateException(DEMO_CLIP + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One message per picture, each from the packet that begins its video PES packet to the next
     * one's (the first also holds the packets before it): every message ends where a picture ends.
     */
    static List<Range> perPicture(byte[] ts) {
        List<Integer> firsts = TsFixtures.Reference.of(ts).firstPackets();
        List<Integer> cuts = new ArrayList<>(firsts.subList(1, firsts.size()));
        return between(ts, cuts.stream().mapToInt(k -> k * SIZE).toArray());
    }

    /**
     * One message per picture as an encoder writes them: the packets of other PIDs that stand right
     * before a picture (tables, audio) begin its message instead of ending the one before.
     */
    static List<Range> perPictureTablesFirst(byte[] ts) {
        List<byte[]> packets = TsFixtures.packets(ts);
        List<Integer> firsts = TsFixtures.Reference.of(ts).firstPackets();
        int videoPid = TsFixtures.pid(packets.get(firsts.get(0)));
        int[] cuts = new int[firsts.size() - 1];
        for (int k = 1; k < firsts.size(); k++) {
            int cut = firsts.get(k);
            while (cut - 1 > firsts.get(k - 1)
                    && TsFixtures.pid(packets.get(cut - 1)) != videoPid) {
                cut--;
            }
            cuts[k - 1] = cut * SIZE;
        }
        return between(ts, cuts);
    }

    /** Messages of {@code size} bytes (the last one shorter). */
    static List<Range> ofSize(byte[] ts, int size) {
        List<Range> messages = new ArrayList<>();
        for (int at = 0; at < ts.length; at += size) {
            messages.add(new Range(at, Math.min(ts.length, at + size)));
        }
        return messages;
    }

    /** The stream cut at {@code cuts}, which are ascending and inside it. */
    static List<Range> between(byte[] ts, int... cuts) {
        List<Range> messages = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            messages.add(new Range(from, cut));
            from = cut;
        }
        messages.add(new Range(from, ts.length));
        return messages;
    }

    /** Message {@code index} cut in two at {@code offset} into it. */
    static List<Range> split(List<Range> messages, int index, int offset) {
        Range cut = messages.get(index);
        List<Range> out = new ArrayList<>(messages.subList(0, index));
        out.add(new Range(cut.from(), cut.from() + offset));
        out.add(new Range(cut.from() + offset, cut.to()));
        out.addAll(messages.subList(index + 1, messages.size()));
        return out;
    }

    /** Sends each message, fed in two pieces cut at {@code cut} bytes into it, as a reader may. */
    static Demux send(byte[] ts, List<Range> messages, int cut) {
        Demux run = new Demux();
        for (Range m : messages) {
            int at = m.from() + Math.min(cut, m.to() - m.from());
            run.feed(ts, m.from(), at).message(ts, at, m.to());
        }
        return run;
    }

    static Demux send(byte[] ts, List<Range> messages) {
        return send(ts, messages, Integer.MAX_VALUE);
    }

    /**
     * The packet that begins the stream's first picture, as one more message: it completes the last
     * picture of a raw stream.
     */
    static Demux sendNextPicture(Demux run, byte[] ts) {
        return run.message(Demux.nextPicture(ts));
    }

    static byte[] bytes(byte[] ts, Range m) {
        return Arrays.copyOfRange(ts, m.from(), m.to());
    }
}
