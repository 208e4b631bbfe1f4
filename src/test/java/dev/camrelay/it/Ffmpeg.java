package dev.camrelay.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's ffmpeg as the far side: a live H.264 encoder, and the judge of what a viewer received.
 */
final class Ffmpeg {
    private Ffmpeg() {}

    /**
     * A live Constrained Baseline encoder writing Annex B to stdout in real time ({@code -re}), as
     * the README tells camera owners to configure ffmpeg.
     */
    static Process liveH264(String lavfiSource, int fps, int seconds, String... extra)
            throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "ffmpeg",
                                "-hide_banner",
                                "-loglevel",
                                "error",
                                "-re",
                                "-f",
                                "lavfi",
                                "-i",
                                lavfiSource + ",format=yuv420p",
                                "-t",
                                Integer.toString(seconds),
                                "-c:v",
                                "libx264",
                                "-profile:v",
                                "baseline",
                                "-tune",
                                "zerolatency",
                                "-g",
                                Integer.toString(fps),
                                "-bf",
                                "0"));
        command.addAll(List.of(extra));
        command.addAll(List.of("-f", "h264", "-"));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * A live MPEG-TS encoder the way jsmpeg wants it: MPEG-1 video without B-frames, MP2 audio, in
     * real time ({@code -re}), to stdout or to {@code output} (e.g. an HTTP push URL).
     */
    static Process liveTs(int seconds, String output) throws IOException {
        return new ProcessBuilder(
                        "ffmpeg",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-re",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=320x240:rate=25",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=44100",
                        "-t",
                        Integer.toString(seconds),
                        "-c:v",
                        "mpeg1video",
                        "-bf",
                        "0",
                        "-g",
                        "25",
                        "-q:v",
                        "8",
                        "-c:a",
                        "mp2",
                        "-b:a",
                        "64k",
                        "-f",
                        "mpegts",
                        output)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /**
     * A live encoder of a lavfi source in real time ({@code -re}) to stdout, with the given output
     * options (codec, quality, container), e.g. a camera's rendition.
     */
    static Process live(String lavfiSource, int seconds, String... outputOptions)
            throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "ffmpeg",
                                "-hide_banner",
                                "-loglevel",
                                "error",
                                "-re",
                                "-f",
                                "lavfi",
                                "-i",
                                lavfiSource,
                                "-t",
                                Integer.toString(seconds)));
        command.addAll(List.of(outputOptions));
        command.add("-");
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The size of every picture ffprobe decodes from a file, in order, as "WxH". */
    static List<String> pictureSizes(Path file, String format)
            throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                "ffprobe",
                                "-v",
                                "error",
                                "-select_streams",
                                "v:0",
                                "-show_entries",
                                "frame=width,height",
                                "-of",
                                "csv=p=0:s=x",
                                "-f",
                                format,
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        // "WxH", with a trailing separator for TS frames (an empty side-data column)
        return output.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> line.split("x"))
                .map(wh -> wh[0] + "x" + wh[1])
                .toList();
    }

    /**
     * Decodes an Annex B file with {@code -xerror}; returns ffmpeg's complaints, empty when it
     * decoded cleanly.
     */
    static String decodeErrors(Path h264) throws IOException, InterruptedException {
        return decodeErrors(h264, "h264");
    }

    /**
     * Decodes a file of the given container format with {@code -xerror}; empty when it decoded
     * cleanly.
     */
    static String decodeErrors(Path file, String format) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                "ffmpeg",
                                "-hide_banner",
                                "-v",
                                "error",
                                "-xerror",
                                "-f",
                                format,
                                "-i",
                                file.toString(),
                                "-f",
                                "null",
                                "-")
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "ffmpeg did not finish";
        }
        return p.exitValue() == 0
                ? output.strip()
                : "exit " + p.exitValue() + ": " + output.strip();
    }

    /**
     * Decodes a file a viewer received across splices (a move between renditions, a skip to the
     * next keyframe); empty when every picture decoded cleanly. H.264 is checked with {@code
     * -xerror}. MPEG-TS is not: at a splice the continuity counters of each PID jump, which
     * ffmpeg's demuxer flags as a corrupt packet although the packet is whole (a relay cannot set
     * the discontinuity indicator without rewriting every viewer's packets), so TS is judged by the
     * decoder's own complaints, which a damaged picture would raise.
     */
    static String decodeErrorsAcrossSplices(Path file, String format)
            throws IOException, InterruptedException {
        if (!format.equals("mpegts")) {
            return decodeErrors(file, format);
        }
        Process p =
                new ProcessBuilder(
                                "ffmpeg",
                                "-hide_banner",
                                "-v",
                                "error",
                                "-f",
                                format,
                                "-i",
                                file.toString(),
                                "-f",
                                "null",
                                "-")
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return p.exitValue() == 0
                ? output.strip()
                : "exit " + p.exitValue() + ": " + output.strip();
    }

    /** How many frames ffprobe decodes from an Annex B file. */
    static int countFrames(Path h264) throws IOException, InterruptedException {
        return countFrames(h264, "h264");
    }

    /** How many video frames ffprobe decodes from a file of the given container format. */
    static int countFrames(Path file, String format) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                "ffprobe",
                                "-v",
                                "error",
                                "-count_frames",
                                "-select_streams",
                                "v:0",
                                "-show_entries",
                                "stream=nb_read_frames",
                                "-of",
                                "csv=p=0",
                                "-f",
                                format,
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        // a TS file lists its video stream under the program too: the same count, twice
        return Integer.parseInt(
                output.lines().filter(line -> !line.isBlank()).findFirst().orElseThrow().strip());
    }

    static Path write(List<byte[]> messages) throws IOException {
        Path file = Files.createTempFile("camrelay-viewer", ".bin");
        try (var out = Files.newOutputStream(file)) {
            for (byte[] m : messages) {
                out.write(m);
            }
        }
        return file;
    }

    /**
     * Hands each NAL unit of an Annex B stream (without its start code) to {@code nals} as soon as
     * the next start code shows it complete; split independently of the relay's own parser.
     */
    static void forEachNal(InputStream in, NalConsumer nals) throws IOException {
        java.io.ByteArrayOutputStream current = null;
        int zeros = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (b == 0) {
                zeros++;
                continue;
            }
            if (b == 1 && zeros >= 2) {
                if (current != null) {
                    nals.accept(current.toByteArray());
                }
                current = new java.io.ByteArrayOutputStream();
            } else if (current != null) {
                for (int i = 0; i < zeros; i++) {
                    current.write(0);
                }
                current.write(b);
            }
            zeros = 0;
        }
    }

    interface NalConsumer {
        void accept(byte[] nal) throws IOException;
    }

    /**
     * The NAL units of an Annex B access unit, without start codes (or the zero byte of a 4-byte
     * one).
     */
    static List<byte[]> nalUnitsOf(byte[] annexB) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 2 < annexB.length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        List<byte[]> nals = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? starts.get(k + 1) - 3 : annexB.length;
            while (end > starts.get(k) && annexB[end - 1] == 0) {
                end--;
            }
            nals.add(java.util.Arrays.copyOfRange(annexB, starts.get(k), end));
        }
        return nals;
    }

    /** The NAL unit types in an Annex B access unit, in order. */
    static List<Integer> nalTypes(byte[] annexB) {
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i + 3 < annexB.length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                types.add(annexB[i + 3] & 0x1F);
                i += 2;
            }
        }
        return types;
    }
}
