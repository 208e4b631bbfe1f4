package dev.camrelay.media.mp4;

import dev.camrelay.media.AudioTrack;

/**
 * The init segment of a fragmented MP4 with one H.264 or H.265 video track and, when the stream has
 * one, an AAC track ({@link AudioTrak}): {@code ftyp} + {@code moov} with empty sample tables (the
 * samples come in fragments) and {@code mvex}, so a player knows the codecs and size before the
 * first fragment. Stateless.
 */
final class InitSegment {
    /** The video track's ID, shared with {@link Fragment}. */
    static final int TRACK_ID = 1;

    /** Decode times count in the 90 kHz clock of MPEG and RTP. */
    static final int TIMESCALE = 90_000;

    private static final int MOVIE_TIMESCALE = 1000;

    private InitSegment() {}

    /** The init segment of a video track alone. */
    static byte[] of(VideoTrack track) {
        return of(track, null);
    }

    /** The init segment of a video track and, unless null, an AAC track. */
    static byte[] of(VideoTrack track, AudioTrack audio) {
        BoxWriter w = new BoxWriter(640 + track.parameterSetBytes());
        int ftyp = w.begin("ftyp");
        w.fourCc("iso5");
        w.u32(0x200);
        for (String brand : new String[] {"iso5", "iso6", "mp41"}) {
            w.fourCc(brand);
        }
        if (track instanceof AvcTrack) {
            w.fourCc("avc1");
        }
        w.end(ftyp);
        int moov = w.begin("moov");
        movieHeader(w, audio == null ? TRACK_ID + 1 : AudioTrak.TRACK_ID + 1);
        int trak = w.begin("trak");
        trackHeader(w, track);
        int mdia = w.begin("mdia");
        mediaHeader(w, TIMESCALE, "vide");
        int minf = w.begin("minf");
        int vmhd = w.beginFull("vmhd", 0, 1);
        w.zeros(8); // graphicsmode and opcolor
        w.end(vmhd);
        dataInformation(w);
        sampleTable(w, track);
        w.end(minf);
        w.end(mdia);
        w.end(trak);
        if (audio != null) {
            AudioTrak.write(w, audio);
        }
        int mvex = w.begin("mvex");
        trackExtends(w, TRACK_ID);
        if (audio != null) {
            trackExtends(w, AudioTrak.TRACK_ID);
        }
        w.end(mvex);
        w.end(moov);
        return w.toByteArray();
    }

    private static void trackExtends(BoxWriter w, int trackId) {
        int trex = w.beginFull("trex", 0, 0);
        w.u32(trackId);
        w.u32(1); // sample description index
        w.zeros(12); // default duration, size and flags: every fragment gives its own
        w.end(trex);
    }

    private static void movieHeader(BoxWriter w, int nextTrackId) {
        int mvhd = w.beginFull("mvhd", 0, 0);
        w.zeros(8); // creation and modification time
        w.u32(MOVIE_TIMESCALE);
        w.u32(0); // duration
        w.u32(0x00010000); // rate 1.0
        w.u16(0x0100); // volume 1.0
        w.zeros(10);
        w.identityMatrix();
        w.zeros(24); // pre_defined
        w.u32(nextTrackId);
        w.end(mvhd);
    }

    private static void trackHeader(BoxWriter w, VideoTrack track) {
        int tkhd = w.beginFull("tkhd", 0, 0x3); // enabled, in movie
        w.zeros(8); // creation and modification time
        w.u32(TRACK_ID);
        w.u32(0);
        w.u32(0); // duration
        w.zeros(8);
        w.u16(0); // layer
        w.u16(0); // alternate group
        w.u16(0); // volume: video
        w.u16(0);
        w.identityMatrix();
        w.u32((long) track.width() << 16);
        w.u32((long) track.height() << 16);
        w.end(tkhd);
    }

    /** A track's mdhd (its timescale, no duration) and hdlr ({@code vide} or {@code soun}). */
    static void mediaHeader(BoxWriter w, long timescale, String handler) {
        int mdhd = w.beginFull("mdhd", 0, 0);
        w.zeros(8); // creation and modification time
        w.u32(timescale);
        w.u32(0); // duration: unknown, live
        w.u16(0x55C4); // language "und", ISO 639-2/T packed in 5-bit letters
        w.u16(0);
        w.end(mdhd);
        int hdlr = w.beginFull("hdlr", 0, 0);
        w.u32(0);
        w.fourCc(handler);
        w.zeros(12);
        w.bytes(new byte[] {'c', 'a', 'm', 'r', 'e', 'l', 'a', 'y', 0});
        w.end(hdlr);
    }

    static void dataInformation(BoxWriter w) {
        int dinf = w.begin("dinf");
        int dref = w.beginFull("dref", 0, 0);
        w.u32(1);
        int url = w.beginFull("url ", 0, 1); // the media is in this file
        w.end(url);
        w.end(dref);
        w.end(dinf);
    }

    private static void sampleTable(BoxWriter w, VideoTrack track) {
        int stbl = w.begin("stbl");
        int stsd = w.beginFull("stsd", 0, 0);
        w.u32(1);
        if (track instanceof HevcTrack hevc) {
            int hvc1 = visualSampleEntry(w, "hvc1", hevc);
            hevc.writeConfig(w);
            w.end(hvc1);
        } else {
            sampleEntry(w, (AvcTrack) track);
        }
        w.end(stsd);
        emptySampleTables(w);
        w.end(stbl);
    }

    /** stts, stsc, stco and stsz without samples: every sample is in a fragment. */
    static void emptySampleTables(BoxWriter w) {
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int box = w.beginFull(empty, 0, 0);
            w.u32(0);
            w.end(box);
        }
        int stsz = w.beginFull("stsz", 0, 0);
        w.u32(0); // sample size: each given
        w.u32(0); // sample count
        w.end(stsz);
    }

    /** A visual sample entry's fields (ISO/IEC 14496-12 12.1.3), left open for its config box. */
    private static int visualSampleEntry(BoxWriter w, String type, VideoTrack track) {
        int entry = w.begin(type);
        w.zeros(6);
        w.u16(1); // data reference index
        w.zeros(16); // pre_defined and reserved
        w.u16(track.width());
        w.u16(track.height());
        w.u32(0x00480000); // 72 dpi
        w.u32(0x00480000);
        w.u32(0);
        w.u16(1); // frame count
        w.zeros(32); // compressor name
        w.u16(0x0018); // depth: colour, no alpha
        w.u16(0xFFFF); // pre_defined -1
        return entry;
    }

    /** The avc1 visual sample entry (ISO/IEC 14496-15 5.4.2) with its avcC. */
    private static void sampleEntry(BoxWriter w, AvcTrack track) {
        int avc1 = visualSampleEntry(w, "avc1", track);
        int avcC = w.begin("avcC");
        byte[] sps = track.sps();
        w.u8(1); // configurationVersion
        w.u8(sps[1]); // AVCProfileIndication
        w.u8(sps[2]); // profile_compatibility
        w.u8(sps[3]); // AVCLevelIndication
        w.u8(0xFF); // lengthSizeMinusOne = 3: 4-byte NAL lengths
        w.u8(0xE1); // one SPS
        w.u16(sps.length);
        w.bytes(sps);
        w.u8(1); // one PPS
        w.u16(track.pps().length);
        w.bytes(track.pps());
        if (ChromaFormat.inAvcC(sps[1] & 0xFF)) {
            ChromaFormat chroma = track.chroma();
            w.u8(0xFC | chroma.chromaFormatIdc());
            w.u8(0xF8 | chroma.bitDepthLumaMinus8());
            w.u8(0xF8 | chroma.bitDepthChromaMinus8());
            w.u8(0); // no SPS extensions
        }
        w.end(avcC);
        w.end(avc1);
    }
}
