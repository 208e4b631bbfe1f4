package dev.camrelay.media.mp4;

import dev.camrelay.media.h264.SpsInfo;
import dev.camrelay.media.h264.SpsParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Muxes one viewer's H.264 access units (Annex B, as the hub carries them) into fragmented MP4, one
 * fragment per picture: the first output is an init segment followed by the first fragment, and a
 * new init segment goes before the fragment of any keyframe whose SPS or PPS differ from the
 * current ones (a new size, a quality switch). Pictures before the first keyframe with parameter
 * sets are skipped, since a player could not decode them.
 *
 * <p>Decode times are the pictures' arrival times at the relay in a 90 kHz clock, counted from the
 * first muxed picture and kept strictly increasing. A picture's duration is not known until the
 * next one arrives, and waiting for it would cost a picture of latency, so each fragment carries a
 * smoothed estimate of the interval instead; players place pictures by their decode times.
 * Presentation time equals decode time: cameras for this path send no B-frames.
 *
 * <p>In-band SPS and PPS stay in the samples, so a file of everything one viewer received decodes
 * across a parameter-set change even in a reader that keeps the first init segment only.
 *
 * <p>Owned by one viewer's writer; not thread-safe.
 */
public final class Fmp4Muxer {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The first interval estimate: 30 pictures a second. */
    private static final long INITIAL_INTERVAL = InitSegment.TIMESCALE / 30;

    /** Longest interval the estimate follows: a camera that pauses must not stretch pictures. */
    private static final long MAX_INTERVAL = InitSegment.TIMESCALE;

    private AvcTrack track;
    private long originNanos;
    private long lastDecodeTime = -1;
    private long interval = INITIAL_INTERVAL;
    private long sequence;

    /**
     * The bytes to send for one access unit: an init segment if one is due, then the fragment; or
     * empty while waiting for a keyframe that carries an SPS and a PPS.
     *
     * @param annexB the access unit in Annex B, not modified
     * @param arrivalNanos {@link System#nanoTime()} when it was complete at the relay
     * @param keyframe whether it holds an IDR picture
     */
    public Optional<byte[]> mux(byte[] annexB, long arrivalNanos, boolean keyframe) {
        List<AnnexB.Nal> nals = AnnexB.split(annexB);
        byte[] init = keyframe ? initIfDue(annexB, nals) : null;
        if (track == null) {
            return Optional.empty();
        }
        List<AnnexB.Nal> sample = new ArrayList<>(nals.size());
        for (AnnexB.Nal nal : nals) {
            if (nal.type() != AnnexB.AUD) {
                sample.add(nal);
            }
        }
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        long decodeTime = decodeTime(arrivalNanos);
        byte[] fragment = Fragment.of(++sequence, decodeTime, interval, keyframe, annexB, sample);
        if (init == null) {
            return Optional.of(fragment);
        }
        byte[] both = Arrays.copyOf(init, init.length + fragment.length);
        System.arraycopy(fragment, 0, both, init.length, fragment.length);
        return Optional.of(both);
    }

    /**
     * The codec string of the current init segment (e.g. {@code avc1.42C01E}); empty before one.
     */
    public Optional<String> codec() {
        return track == null ? Optional.empty() : Optional.of(track.codec());
    }

    /** A new init segment if this keyframe's parameter sets are new, else null. */
    private byte[] initIfDue(byte[] annexB, List<AnnexB.Nal> nals) {
        byte[] sps = null;
        byte[] pps = null;
        for (AnnexB.Nal nal : nals) {
            if (nal.type() == AnnexB.SPS && sps == null) {
                sps = Arrays.copyOfRange(annexB, nal.offset(), nal.offset() + nal.length());
            } else if (nal.type() == AnnexB.PPS && pps == null) {
                pps = Arrays.copyOfRange(annexB, nal.offset(), nal.offset() + nal.length());
            }
        }
        if (sps == null || pps == null || (track != null && track.sameParameterSets(sps, pps))) {
            return null;
        }
        Optional<SpsInfo> info = SpsParser.parse(sps);
        Optional<ChromaFormat> chroma = ChromaFormat.of(sps);
        if (info.isEmpty() || chroma.isEmpty()) {
            return null;
        }
        track = new AvcTrack(sps, pps, info.get(), chroma.get());
        return InitSegment.of(track);
    }

    private long decodeTime(long arrivalNanos) {
        if (lastDecodeTime < 0) {
            originNanos = arrivalNanos;
            lastDecodeTime = 0;
            return 0;
        }
        long elapsed = Math.max(0, arrivalNanos - originNanos);
        long time =
                Math.max(
                        lastDecodeTime + 1,
                        elapsed / NANOS_PER_SECOND * InitSegment.TIMESCALE
                                + elapsed
                                        % NANOS_PER_SECOND
                                        * InitSegment.TIMESCALE
                                        / NANOS_PER_SECOND);
        long delta = Math.min(time - lastDecodeTime, MAX_INTERVAL);
        interval = Math.max(1, (3 * interval + delta) / 4);
        lastDecodeTime = time;
        return time;
    }
}
