package dev.camrelay.media.mp4;

import dev.camrelay.media.AudioTrack;
import dev.camrelay.media.Format;
import dev.camrelay.media.h264.SpsInfo;
import dev.camrelay.media.h264.SpsParser;
import dev.camrelay.media.h265.H265Sps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Muxes one viewer's H.264 or H.265 access units (Annex B, as the hub carries them) into fragmented
 * MP4 ({@code avc1}/{@code avcC} or {@code hvc1}/{@code hvcC}), one fragment per picture: the first
 * output is an init segment followed by the first fragment, and a new init segment goes before the
 * fragment of any keyframe whose parameter sets (H.265: VPS as well) differ from the current ones
 * (a new size, a quality switch). Pictures before the first keyframe with parameter sets are
 * skipped, since a player could not decode them.
 *
 * <p>Decode times are the pictures' arrival times at the relay in a 90 kHz clock, counted from the
 * first muxed picture and kept strictly increasing. A picture's duration is not known until the
 * next one arrives, and waiting for it would cost a picture of latency, so each fragment carries a
 * smoothed estimate of the interval instead; players place pictures by their decode times.
 * Presentation time equals decode time: cameras for this path send no B-frames.
 *
 * <p>A stream with audio gets an AAC track in its init segments, and each AAC frame a fragment of
 * its own as it comes ({@link #muxAudio}). Audio decode times follow the frames' RTP timestamps in
 * the track's sample rate, anchored at the arrival time of the first frame on the pictures'
 * timeline; the anchor moves when they drift more than a second from arrival (a camera that
 * restarted its clock), so sound and pictures stay together.
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

    /** Longest distance between audio timestamps and arrival before the anchor moves. */
    private static final long MAX_AUDIO_DRIFT_NANOS = NANOS_PER_SECOND;

    private static final int AAC_FRAME_SAMPLES = 1024;

    private final boolean hevc;
    private VideoTrack track;
    private AudioTrack audio;
    private long audioLastTime = -1;
    private long audioLastTimestamp;
    private long originNanos;
    private long lastDecodeTime = -1;
    private long interval = INITIAL_INTERVAL;
    private long sequence;

    /** A muxer of H.264. */
    public Fmp4Muxer() {
        this(Format.H264);
    }

    /** A muxer of {@code video}: H.264 or H.265. */
    public Fmp4Muxer(Format video) {
        if (video != Format.H264 && video != Format.H265) {
            throw new IllegalArgumentException("fMP4 carries H.264 or H.265, not " + video);
        }
        this.hevc = video == Format.H265;
    }

    /**
     * The bytes to send for one access unit: an init segment if one is due, then the fragment; or
     * empty while waiting for a keyframe that carries an SPS and a PPS.
     *
     * @param annexB the access unit in Annex B, not modified
     * @param arrivalNanos {@link System#nanoTime()} when it was complete at the relay
     * @param keyframe whether it holds an IDR picture
     */
    public Optional<byte[]> mux(byte[] annexB, long arrivalNanos, boolean keyframe) {
        return mux(annexB, arrivalNanos, keyframe, null);
    }

    /**
     * As {@link #mux(byte[], long, boolean)} for a stream that carries {@code streamAudio} beside
     * its pictures (null: none); a keyframe whose stream's audio track differs from the current
     * init segment's gets a new init segment.
     */
    public Optional<byte[]> mux(
            byte[] annexB, long arrivalNanos, boolean keyframe, AudioTrack streamAudio) {
        List<AnnexB.Nal> nals = AnnexB.split(annexB, hevc);
        byte[] init = keyframe ? initIfDue(annexB, nals, streamAudio) : null;
        if (track == null) {
            return Optional.empty();
        }
        List<AnnexB.Nal> sample = new ArrayList<>(nals.size());
        for (AnnexB.Nal nal : nals) {
            if (nal.type() != (hevc ? AnnexB.HEVC_AUD : AnnexB.AUD)) {
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
     * The fragment of one raw AAC frame of {@code frameTrack}; empty before the first picture and
     * when the current init segment has no such track (audio waits for a keyframe that brings it).
     *
     * @param frame the raw AAC frame, without ADTS header
     * @param timestamp its RTP timestamp in the track's clock rate
     * @param arrivalNanos {@link System#nanoTime()} when it arrived at the relay
     */
    public Optional<byte[]> muxAudio(
            byte[] frame, long timestamp, long arrivalNanos, AudioTrack frameTrack) {
        if (track == null || audio == null || lastDecodeTime < 0 || !audio.equals(frameTrack)) {
            return Optional.empty();
        }
        long rate = audio.sampleRate();
        long arrival = Math.max(0, arrivalNanos - originNanos);
        long arrivalTime =
                arrival / NANOS_PER_SECOND * rate
                        + arrival % NANOS_PER_SECOND * rate / NANOS_PER_SECOND;
        long time;
        if (audioLastTime < 0) {
            time = arrivalTime;
        } else {
            long ticks = (timestamp - audioLastTimestamp) & 0xFFFFFFFFL;
            time = audioLastTime + ticks * rate / audio.clockRate();
            long maxDrift = MAX_AUDIO_DRIFT_NANOS / NANOS_PER_SECOND * rate;
            if (ticks == 0 || Math.abs(time - arrivalTime) > maxDrift) {
                time = Math.max(arrivalTime, audioLastTime + AAC_FRAME_SAMPLES);
            }
        }
        audioLastTime = time;
        audioLastTimestamp = timestamp;
        return Optional.of(Fragment.audio(++sequence, time, AAC_FRAME_SAMPLES, frame));
    }

    /** The RFC 6381 codec string of the current init segment's audio track; empty without. */
    public Optional<String> audioCodec() {
        return track == null || audio == null ? Optional.empty() : Optional.of(audio.codec());
    }

    /**
     * The codec string of the current init segment (e.g. {@code avc1.42C01E}); empty before one.
     */
    public Optional<String> codec() {
        return track == null ? Optional.empty() : Optional.of(track.codec());
    }

    /** A new init segment if this keyframe's parameter sets or audio track are new, else null. */
    private byte[] initIfDue(byte[] annexB, List<AnnexB.Nal> nals, AudioTrack streamAudio) {
        VideoTrack next = hevc ? hevcTrack(annexB, nals) : avcTrack(annexB, nals);
        if (next == null || (next.equals(track) && Objects.equals(audio, streamAudio))) {
            return null;
        }
        track = next;
        if (!Objects.equals(audio, streamAudio)) {
            audio = streamAudio;
            audioLastTime = -1;
        }
        return InitSegment.of(track, audio);
    }

    /**
     * The H.264 track this keyframe's SPS and PPS describe: the current one if they are the same,
     * null if it lacks them or they do not parse.
     */
    private VideoTrack avcTrack(byte[] annexB, List<AnnexB.Nal> nals) {
        byte[] sps = null;
        byte[] pps = null;
        for (AnnexB.Nal nal : nals) {
            if (nal.type() == AnnexB.SPS && sps == null) {
                sps = Arrays.copyOfRange(annexB, nal.offset(), nal.offset() + nal.length());
            } else if (nal.type() == AnnexB.PPS && pps == null) {
                pps = Arrays.copyOfRange(annexB, nal.offset(), nal.offset() + nal.length());
            }
        }
        if (sps == null || pps == null) {
            return null;
        }
        if (track instanceof AvcTrack current && current.sameParameterSets(sps, pps)) {
            return current;
        }
        Optional<SpsInfo> info = SpsParser.parse(sps);
        Optional<ChromaFormat> chroma = ChromaFormat.of(sps);
        if (info.isEmpty() || chroma.isEmpty()) {
            return null;
        }
        return new AvcTrack(sps, pps, info.get(), chroma.get());
    }

    /** As {@link #avcTrack} for H.265's VPS, SPS and PPS. */
    private VideoTrack hevcTrack(byte[] annexB, List<AnnexB.Nal> nals) {
        byte[][] sets = new byte[3][];
        for (AnnexB.Nal nal : nals) {
            int index = nal.type() - AnnexB.HEVC_VPS;
            if (index >= 0 && index < sets.length && sets[index] == null) {
                sets[index] = Arrays.copyOfRange(annexB, nal.offset(), nal.offset() + nal.length());
            }
        }
        if (sets[0] == null || sets[1] == null || sets[2] == null) {
            return null;
        }
        if (track instanceof HevcTrack current
                && current.sameParameterSets(sets[0], sets[1], sets[2])) {
            return current;
        }
        return H265Sps.parse(sets[1])
                .map(info -> new HevcTrack(sets[0], sets[1], sets[2], info))
                .orElse(null);
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
