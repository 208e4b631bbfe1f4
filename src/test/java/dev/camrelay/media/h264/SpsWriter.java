package dev.camrelay.media.h264;

import java.io.ByteArrayOutputStream;

/**
 * Writes SPSs by the syntax of 7.3.2.1.1, for the cases the fixtures' encoder never makes (ffmpeg's
 * {@code trace_headers} reads what this writes with the same field values).
 */
final class SpsWriter {
    private final int profile;
    private final int constraints;
    private final int level;
    private int chromaFormat = -1;
    private boolean separatePlanes;
    private int scalingLists;
    private int pocCycle = -1;
    private int widthMbs = 1;
    private int heightMapUnits = 1;
    private boolean fields;
    private int[] crop;
    private int rbspLength;

    SpsWriter(int profile, int constraints, int level) {
        this.profile = profile;
        this.constraints = constraints;
        this.level = level;
    }

    SpsWriter chroma(int format, boolean separate) {
        chromaFormat = format;
        separatePlanes = separate;
        return this;
    }

    SpsWriter scalingLists(int count) {
        scalingLists = count;
        return this;
    }

    SpsWriter picOrderCntType1(int cycle) {
        pocCycle = cycle;
        return this;
    }

    SpsWriter size(int widthMbs, int heightMapUnits) {
        this.widthMbs = widthMbs;
        this.heightMapUnits = heightMapUnits;
        return this;
    }

    SpsWriter fields() {
        fields = true;
        return this;
    }

    SpsWriter crop(int left, int right, int top, int bottom) {
        crop = new int[] {left, right, top, bottom};
        return this;
    }

    int rbspLength() {
        return rbspLength;
    }

    /** The NAL unit: header, then the RBSP with emulation prevention applied. */
    byte[] nal() {
        BitWriter b = new BitWriter();
        b.u(8, profile).u(8, constraints).u(8, level).ue(0);
        if (chromaFormat >= 0) {
            b.ue(chromaFormat);
            if (chromaFormat == 3) {
                b.u(1, separatePlanes ? 1 : 0);
            }
            b.ue(0).ue(0).u(1, 0).u(1, scalingLists > 0 ? 1 : 0);
            for (int i = 0; i < scalingLists; i++) {
                b.u(1, i % 3 == 0 ? 0 : 1);
                if (i % 3 == 1) {
                    // scales 135, 6 (wrapped), 134, then 0: "repeat the last one", no more deltas
                    b.se(127).se(127).se(-128).se(122);
                } else if (i % 3 == 2) {
                    for (int j = 0; j < (i < 6 ? 16 : 64); j++) {
                        b.se(j % 2 == 0 ? 1 : -1);
                    }
                }
            }
        }
        b.ue(0); // log2_max_frame_num_minus4
        if (pocCycle < 0) {
            b.ue(0).ue(2);
        } else {
            b.ue(1).u(1, 0).se(-3).se(1 << 29).ue(pocCycle);
            for (int i = 0; i < pocCycle; i++) {
                b.se(i * 1000 - 1);
            }
        }
        b.ue(1).u(1, 0).ue(widthMbs - 1).ue(heightMapUnits - 1).u(1, fields ? 0 : 1);
        if (fields) {
            b.u(1, 1);
        }
        b.u(1, 1).u(1, crop == null ? 0 : 1);
        if (crop != null) {
            for (int offset : crop) {
                b.ue(offset);
            }
        }
        b.u(1, 0); // no VUI
        byte[] rbsp = b.withTrailingBits();
        rbspLength = rbsp.length;
        return escape(rbsp);
    }

    private static byte[] escape(byte[] rbsp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x67);
        int zeros = 0;
        for (byte x : rbsp) {
            if (zeros >= 2 && (x & 0xFF) <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(x);
            zeros = x == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }
}
