package dev.camrelay.sender;

import java.io.IOException;

/**
 * {@code java -jar camrelay.jar send ...}: a camera on the command line. Pushes one source to a
 * relay until Ctrl-C, or until a {@code --stdin} input ends.
 */
public final class SenderMain {
    /** Exit status for a wrong command line, as most Unix tools use. */
    private static final int EXIT_USAGE = 2;

    private static final int EXIT_FAILURE = 1;

    static final String USAGE =
            """
            Usage: java -jar camrelay.jar send [options] (--pattern | --dir DIR | --file FILE | --stdin)

            Pushes MJPEG or H.264 to a camrelay ingest port, reconnecting whenever the relay goes
            away, until stopped with Ctrl-C (or until --stdin ends).

            Sources (exactly one):
              --pattern             a generated 640x360 MJPEG test pattern
              --dir DIR             the *.jpg/*.jpeg files in DIR, in name order, looping
              --file FILE           a raw MJPEG file (concatenated JPEGs), an H.264 Annex B file
                                    (*.h264, *.264) or an MPEG-TS file (*.ts), looping, one
                                    frame/picture per send
              --stdin               raw MJPEG (or H.264 / MPEG-TS with --format) on standard
                                    input, sent as it arrives; H.264 as Annex B (-f h264 -)
                                    or FLV (-f flv -: each picture goes at its last byte), e.g.
                                    ffmpeg -re -i in.mp4 -f mjpeg - | java -jar camrelay.jar send --stdin --name cam1

            Options:
              --host HOST           relay host (default 127.0.0.1)
              --port PORT           relay ingest port (default 12345)
              --name NAME           stream name, text handshake; letters, digits, _ and -, up to 64
              --legacy N            original binary handshake instead; the stream is named stream<N>
              --quality low|high    rendition (default high)
              --framing length|raw  how frames are delimited (default length; raw needs --name)
              --fps N               frames per second (default 10; with --stdin 0 = as the input arrives)
              --token TOKEN         publish token, when the relay requires one (text handshake only)
              --format mjpeg|h264|ts
                                    what the source holds (default: from the file name, else mjpeg)
              --help                show this text
            """;

    private SenderMain() {}

    public static void main(String[] args) {
        if (SenderOptions.wantsHelp(args)) {
            System.out.print(USAGE);
            return;
        }
        SenderOptions options;
        try {
            options = SenderOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("camrelay send: " + e.getMessage());
            System.err.println("Run 'java -jar camrelay.jar send --help' for the options.");
            System.exit(EXIT_USAGE);
            return;
        }
        int status = run(options);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Streams until the camera ends; returns the process exit status. */
    static int run(SenderOptions options) {
        FrameSource source;
        try {
            source = openSource(options);
        } catch (IOException e) {
            System.err.println("camrelay send: " + e.getMessage());
            return EXIT_FAILURE;
        }
        CameraClient client = CameraClient.start(options.camera(), source);
        Thread closeOnExit = new Thread(client::close, "camrelay-send-shutdown");
        Runtime.getRuntime().addShutdownHook(closeOnExit);
        try {
            client.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnExit);
        } catch (IllegalStateException e) {
            // Ctrl-C: the JVM is already shutting down and the hook is closing the client
        }
        client.close();
        return client.sourceFailure().isPresent() ? EXIT_FAILURE : 0;
    }

    static FrameSource openSource(SenderOptions options) throws IOException {
        return switch (options.source()) {
            case PATTERN -> new PatternSource(options.camera().name());
            case DIRECTORY -> new DirectorySource(options.path());
            case FILE -> LoopingSource.file(options.path(), options.camera().format());
            case STDIN -> new StreamSource(System.in, options.camera().format());
        };
    }
}
