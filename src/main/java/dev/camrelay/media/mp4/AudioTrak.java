package dev.camrelay.media.mp4;

import dev.camrelay.media.AudioTrack;

/**
 * The {@code trak} of an AAC track in an init segment: timescale = the sample rate, a sound handler
 * and an {@code mp4a} sample entry whose {@code esds} carries the AudioSpecificConfig (ISO/IEC
 * 14496-1 7.2.6 descriptors, ISO/IEC 14496-14 5.6). Stateless.
 */
final class AudioTrak {
    /** The audio track's ID, after the video's. */
    static final int TRACK_ID = 2;

    private static final int ES_DESCRIPTOR = 3;
    private static final int DECODER_CONFIG = 4;
    private static final int DECODER_SPECIFIC = 5;
    private static final int SL_CONFIG = 6;

    /** objectTypeIndication 0x40: MPEG-4 Audio. */
    private static final int MPEG4_AUDIO = 0x40;

    /** streamType 5 (audio) shifted, upStream 0, reserved 1. */
    private static final int AUDIO_STREAM = 0x15;

    private AudioTrak() {}

    static void write(BoxWriter w, AudioTrack audio) {
        int trak = w.begin("trak");
        int tkhd = w.beginFull("tkhd", 0, 0x3); // enabled, in movie
        w.zeros(8); // creation and modification time
        w.u32(TRACK_ID);
        w.u32(0);
        w.u32(0); // duration
        w.zeros(8);
        w.u16(0); // layer
        w.u16(1); // alternate group: the only audio
        w.u16(0x0100); // volume 1.0
        w.u16(0);
        w.identityMatrix();
        w.u32(0); // width and height: none
        w.u32(0);
        w.end(tkhd);
        int mdia = w.begin("mdia");
        InitSegment.mediaHeader(w, audio.sampleRate(), "soun");
        int minf = w.begin("minf");
        int smhd = w.beginFull("smhd", 0, 0);
        w.u16(0); // balance
        w.u16(0);
        w.end(smhd);
        InitSegment.dataInformation(w);
        int stbl = w.begin("stbl");
        int stsd = w.beginFull("stsd", 0, 0);
        w.u32(1);
        sampleEntry(w, audio);
        w.end(stsd);
        InitSegment.emptySampleTables(w);
        w.end(stbl);
        w.end(minf);
        w.end(mdia);
        w.end(trak);
    }

    private static void sampleEntry(BoxWriter w, AudioTrack audio) {
        int mp4a = w.begin("mp4a");
        w.zeros(6);
        w.u16(1); // data reference index
        w.zeros(8);
        w.u16(Math.min(audio.channels(), 2)); // channelcount as ISO/IEC 14496-12 allows
        w.u16(16); // samplesize
        w.u16(0);
        w.u16(0);
        w.u32(audio.sampleRate() <= 0xFFFF ? (long) audio.sampleRate() << 16 : 0);
        int esds = w.beginFull("esds", 0, 0);
        byte[] config = audio.config();
        int decoderSpecific = 2 + config.length;
        int decoderConfig = 2 + 13 + decoderSpecific;
        int esDescriptor = 2 + 3 + decoderConfig + 3;
        descriptor(w, ES_DESCRIPTOR, esDescriptor - 2);
        w.u16(0); // ES_ID
        w.u8(0); // no dependency, URL or OCR stream
        descriptor(w, DECODER_CONFIG, decoderConfig - 2);
        w.u8(MPEG4_AUDIO);
        w.u8(AUDIO_STREAM);
        w.u8(0); // bufferSizeDB, 24 bits: unknown
        w.u16(0);
        w.u32(0); // maxBitrate: unknown
        w.u32(0); // avgBitrate: variable
        descriptor(w, DECODER_SPECIFIC, config.length);
        w.bytes(config);
        descriptor(w, SL_CONFIG, 1);
        w.u8(2); // predefined: MP4 file
        w.end(esds);
        w.end(mp4a);
    }

    /** A descriptor tag and its size in one byte: every descriptor here is under 128 bytes. */
    private static void descriptor(BoxWriter w, int tag, int size) {
        if (size > 127) {
            throw new IllegalArgumentException("AudioSpecificConfig too long: " + size);
        }
        w.u8(tag);
        w.u8(size);
    }
}
