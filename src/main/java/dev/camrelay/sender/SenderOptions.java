package dev.camrelay.sender;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A parsed and checked {@code send} command line.
 *
 * @param camera where and how to push
 * @param source which kind of frame source
 * @param path the directory or file of a {@code --dir} or {@code --file} source, else null
 */
public record SenderOptions(CameraSettings camera, SourceKind source, Path path) {

    public enum SourceKind {
        PATTERN,
        DIRECTORY,
        FILE,
        STDIN
    }

    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final int DEFAULT_PORT = 12345;
    private static final int DEFAULT_FPS = 10;

    /**
     * True if the arguments ask for the usage text, which wins over everything else on the line.
     */
    public static boolean wantsHelp(String... args) {
        List<String> all = List.of(args);
        return all.contains("--help") || all.contains("-h");
    }

    /**
     * Parses {@code send}'s arguments ({@code --opt value} or {@code --opt=value}); never exits.
     */
    public static SenderOptions parse(String... args) throws UsageException {
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        String name = null;
        Integer legacy = null;
        Quality quality = Quality.HIGH;
        Framing framing = Framing.LENGTH;
        Integer fps = null;
        Format format = null;
        String token = null;
        SourceKind source = null;
        Path path = null;

        Deque<String> rest = new ArrayDeque<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.poll();
            int equals = arg.indexOf('=');
            String option = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            String inline = option.equals(arg) ? null : arg.substring(equals + 1);
            switch (option) {
                case "--host" -> host = value(option, inline, rest);
                case "--port" -> port = integer(option, value(option, inline, rest), 1, 65535);
                case "--name" -> name = value(option, inline, rest);
                case "--legacy" ->
                        legacy = integer(option, value(option, inline, rest), 0, Integer.MAX_VALUE);
                case "--quality" ->
                        quality =
                                Quality.fromWireName(value(option, inline, rest))
                                        .orElseThrow(
                                                () ->
                                                        new UsageException(
                                                                "--quality must be low or high"));
                case "--framing" ->
                        framing =
                                Framing.fromWireName(value(option, inline, rest))
                                        .orElseThrow(
                                                () ->
                                                        new UsageException(
                                                                "--framing must be length or raw"));
                case "--fps" ->
                        fps =
                                integer(
                                        option,
                                        value(option, inline, rest),
                                        0,
                                        CameraSettings.MAX_FPS);
                case "--token" -> token = value(option, inline, rest);
                case "--format" ->
                        format =
                                Format.fromWireName(value(option, inline, rest))
                                        .filter(Format::pushable)
                                        .orElseThrow(
                                                () ->
                                                        new UsageException(
                                                                "--format must be mjpeg, h264 or ts"));
                case "--pattern", "--stdin" -> {
                    if (inline != null) {
                        throw new UsageException(option + " takes no value");
                    }
                    source =
                            onlySource(
                                    source,
                                    option.equals("--pattern")
                                            ? SourceKind.PATTERN
                                            : SourceKind.STDIN);
                }
                case "--dir" -> {
                    source = onlySource(source, SourceKind.DIRECTORY);
                    path = Path.of(value(option, inline, rest));
                    if (!Files.isDirectory(path)) {
                        throw new UsageException("--dir: not a directory: " + path);
                    }
                }
                case "--file" -> {
                    source = onlySource(source, SourceKind.FILE);
                    path = Path.of(value(option, inline, rest));
                    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                        throw new UsageException("--file: not a readable file: " + path);
                    }
                }
                default ->
                        throw new UsageException(
                                (arg.startsWith("-") ? "unknown option: " : "unexpected argument: ")
                                        + arg);
            }
        }

        if (source == null) {
            throw new UsageException(
                    "choose a source: --pattern, --dir DIR, --file FILE.mjpeg or --stdin");
        }
        if (name == null && legacy == null) {
            throw new UsageException(
                    "name the stream with --name NAME, or use --legacy N for the original binary handshake");
        }
        if (name != null && legacy != null) {
            throw new UsageException(
                    "--name and --legacy exclude each other: a legacy stream is always named stream<N>");
        }
        if (legacy != null && framing == Framing.RAW) {
            throw new UsageException(
                    "--framing raw needs the text handshake (--name); the legacy header only knows length framing");
        }
        Format effectiveFormat = format != null ? format : formatOf(source, path);
        if (effectiveFormat != Format.MJPEG
                && (source == SourceKind.PATTERN || source == SourceKind.DIRECTORY)) {
            throw new UsageException(
                    "--pattern and --dir send JPEGs; H.264 and MPEG-TS come from --file or --stdin --format h264|ts");
        }
        int effectiveFps = fps != null ? fps : source == SourceKind.STDIN ? 0 : DEFAULT_FPS;
        if (effectiveFps == 0 && source != SourceKind.STDIN) {
            throw new UsageException(
                    "--fps 0 (no pacing) is only for --stdin; a looping source needs a frame rate");
        }
        try {
            return new SenderOptions(
                    new CameraSettings(
                            host,
                            port,
                            name,
                            legacy,
                            quality,
                            framing,
                            effectiveFps,
                            effectiveFormat,
                            token),
                    source,
                    path);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * *.h264/*.264 is H.264 Annex B, *.ts MPEG-TS; everything else is MJPEG unless --format says
     * otherwise.
     */
    private static Format formatOf(SourceKind source, Path path) {
        String file =
                source == SourceKind.FILE
                        ? path.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                        : "";
        if (file.endsWith(".h264") || file.endsWith(".264")) {
            return Format.H264;
        }
        return file.endsWith(".ts") ? Format.TS : Format.MJPEG;
    }

    private static SourceKind onlySource(SourceKind chosen, SourceKind next) throws UsageException {
        if (chosen != null) {
            throw new UsageException(
                    "give one source only, not both " + flag(chosen) + " and " + flag(next));
        }
        return next;
    }

    private static String flag(SourceKind kind) {
        return kind == SourceKind.DIRECTORY ? "--dir" : "--" + kind.name().toLowerCase(Locale.ROOT);
    }

    private static String value(String option, String inline, Deque<String> rest)
            throws UsageException {
        String value = inline != null ? inline : rest.poll();
        if (value == null || value.isEmpty() || (inline == null && value.startsWith("--"))) {
            throw new UsageException(option + " needs a value");
        }
        return value;
    }

    private static int integer(String option, String text, int min, int max) throws UsageException {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below together with the out-of-range case
        }
        throw new UsageException(
                option + " must be a whole number from " + min + " to " + max + ", not " + text);
    }
}
