package dev.camrelay.media.mp4;

import java.util.List;

/**
 * One movie fragment holding one sample of one track: {@code moof} (mfhd, traf with tfhd, tfdt and
 * a trun of one entry) then {@code mdat} with the sample: a picture in AVCC form (each NAL unit
 * after its 4-byte length), or one raw AAC frame. One sample per fragment, so a player gets each as
 * soon as it exists. Stateless.
 */
final class Fragment {
    /** sample_depends_on = 2: an IDR picture, decodable alone. */
    private static final int SYNC_SAMPLE = 0x02000000;

    /** sample_depends_on = 1 and sample_is_non_sync_sample. */
    private static final int NON_SYNC_SAMPLE = 0x01010000;

    /** tfhd: the data offsets are relative to the moof. */
    private static final int DEFAULT_BASE_IS_MOOF = 0x020000;

    /** trun: data offset, and per sample its duration, size and flags. */
    private static final int TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400;

    private Fragment() {}

    /**
     * @param sequence mfhd sequence number, increasing per fragment
     * @param decodeTime tfdt: the sample's decode time in {@link InitSegment#TIMESCALE} units
     * @param duration the sample's duration in the same units
     * @param sync whether the sample is an IDR picture
     * @param annexB the access unit the NAL units point into
     * @param nals the NAL units that make up the sample
     */
    static byte[] of(
            long sequence,
            long decodeTime,
            long duration,
            boolean sync,
            byte[] annexB,
            List<AnnexB.Nal> nals) {
        int sampleSize = 0;
        for (AnnexB.Nal nal : nals) {
            sampleSize += 4 + nal.length();
        }
        BoxWriter w =
                moof(
                        sequence,
                        InitSegment.TRACK_ID,
                        decodeTime,
                        duration,
                        sampleSize,
                        sync ? SYNC_SAMPLE : NON_SYNC_SAMPLE);
        int mdat = w.begin("mdat");
        for (AnnexB.Nal nal : nals) {
            w.u32(nal.length());
            w.bytes(annexB, nal.offset(), nal.length());
        }
        w.end(mdat);
        return w.toByteArray();
    }

    /**
     * A fragment of one raw AAC frame of the audio track; {@code decodeTime} and {@code duration}
     * count in the track's sample rate.
     */
    static byte[] audio(long sequence, long decodeTime, long duration, byte[] frame) {
        BoxWriter w =
                moof(sequence, AudioTrak.TRACK_ID, decodeTime, duration, frame.length, SYNC_SAMPLE);
        int mdat = w.begin("mdat");
        w.bytes(frame);
        w.end(mdat);
        return w.toByteArray();
    }

    /** The moof of one sample, its data offset pointing just past the mdat header that follows. */
    private static BoxWriter moof(
            long sequence,
            int trackId,
            long decodeTime,
            long duration,
            int sampleSize,
            int sampleFlags) {
        BoxWriter w = new BoxWriter(128 + sampleSize);
        int moof = w.begin("moof");
        int mfhd = w.beginFull("mfhd", 0, 0);
        w.u32(sequence);
        w.end(mfhd);
        int traf = w.begin("traf");
        int tfhd = w.beginFull("tfhd", 0, DEFAULT_BASE_IS_MOOF);
        w.u32(trackId);
        w.end(tfhd);
        int tfdt = w.beginFull("tfdt", 1, 0);
        w.u64(decodeTime);
        w.end(tfdt);
        int trun = w.beginFull("trun", 0, TRUN_FLAGS);
        w.u32(1); // sample count
        int dataOffset = w.position();
        w.u32(0); // filled in below, once the moof's size is known
        w.u32(duration);
        w.u32(sampleSize);
        w.u32(sampleFlags);
        w.end(trun);
        w.end(traf);
        w.end(moof);
        w.patchU32(dataOffset, w.position() - moof + 8);
        return w;
    }
}
