package dev.camrelay.media;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A stream's AAC audio track as its camera described it: the MPEG-4 AudioSpecificConfig (ISO/IEC
 * 14496-3 1.6.2.1) and what it says, plus the RTP clock rate of the frames' timestamps.
 *
 * @param config the AudioSpecificConfig bytes, as they go into an MP4 {@code esds}
 * @param objectType the audio object type (2 = AAC-LC)
 * @param sampleRate samples per second
 * @param channels the channel configuration (1 = mono, 2 = stereo)
 * @param clockRate the frames' timestamp clock in Hz
 */
public record AudioTrack(
        byte[] config, int objectType, int sampleRate, int channels, int clockRate) {
    private static final int[] SAMPLE_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
    };

    public AudioTrack {
        config = config.clone();
    }

    @Override
    public byte[] config() {
        return config.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AudioTrack that
                && Arrays.equals(config, that.config)
                && clockRate == that.clockRate;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(config) + clockRate;
    }

    @Override
    public String toString() {
        return codec() + " " + sampleRate + " Hz " + channels + " ch";
    }

    /** The RFC 6381 codec string, e.g. {@code mp4a.40.2}. */
    public String codec() {
        return "mp4a.40." + objectType;
    }

    /**
     * Parses an AudioSpecificConfig given in hex (the SDP {@code config=} of RFC 3640); empty when
     * it is not one this relay can describe (no channel configuration, a reserved rate).
     */
    public static Optional<AudioTrack> fromHexConfig(String hex, int clockRate) {
        byte[] config;
        try {
            config = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (config.length < 2) {
            return Optional.empty();
        }
        int objectType = bits(config, 0, 5);
        int at = 5;
        if (objectType == 31) {
            objectType = 32 + bits(config, at, 6);
            at += 6;
        }
        int rateIndex = bits(config, at, 4);
        at += 4;
        int sampleRate;
        if (rateIndex == 15) {
            if (config.length * 8 < at + 24 + 4) {
                return Optional.empty();
            }
            sampleRate = bits(config, at, 24);
            at += 24;
        } else if (rateIndex < SAMPLE_RATES.length) {
            sampleRate = SAMPLE_RATES[rateIndex];
        } else {
            return Optional.empty();
        }
        if (config.length * 8 < at + 4) {
            return Optional.empty();
        }
        int channels = bits(config, at, 4);
        if (channels == 0 || sampleRate == 0) {
            return Optional.empty();
        }
        return Optional.of(
                new AudioTrack(
                        config,
                        objectType,
                        sampleRate,
                        channels,
                        clockRate > 0 ? clockRate : sampleRate));
    }

    private static int bits(byte[] data, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = (value << 1) | ((data[i / 8] >> (7 - i % 8)) & 1);
        }
        return value;
    }
}
