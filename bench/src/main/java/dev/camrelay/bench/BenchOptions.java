package dev.camrelay.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Command-line options of the load tool; defaults are the ones the usage text advertises. */
record BenchOptions(
        String format,
        int streams,
        int viewers,
        int wsViewers,
        int stalled,
        int fps,
        int frameKb,
        int seconds,
        int warmup,
        int readers,
        String jar,
        String serverHeap,
        String serverOpts,
        String serverArgs,
        String connect,
        String label,
        String out,
        String h264Clip,
        String tsClip,
        String serverCpus,
        int lateJoiners) {

    boolean mjpeg() {
        return format.equals("mjpeg");
    }

    boolean h264() {
        return format.equals("h264");
    }

    boolean ts() {
        return format.equals("ts");
    }

    /**
     * Parses {@code --key value} or {@code --key=value}; an unknown key prints usage and exits 2.
     */
    static BenchOptions parse(String[] args) {
        String format = "mjpeg";
        int streams = 1,
                viewers = 1,
                wsViewers = 0,
                stalled = 0,
                fps = 30,
                frameKb = 50,
                seconds = 20,
                warmup = 3,
                readers = 2;
        // run from the project root (bench profile) or from a directory that holds target/
        String jar =
                Files.exists(Path.of("bench/target/camrelay.jar"))
                        ? "bench/target/camrelay.jar"
                        : "target/camrelay.jar";
        String serverHeap = "128m",
                serverOpts = "",
                serverArgs = "",
                connect = null,
                label = null,
                out = null;
        String h264Clip = "src/main/resources/demo/testsrc2-320x240.h264";
        String tsClip = "src/main/resources/demo/testsrc2-320x240-mpeg1.ts";
        String serverCpus = null;
        int lateJoiners = 5;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v =
                    a.contains("=")
                            ? a.substring(a.indexOf('=') + 1)
                            : (i + 1 < args.length ? args[++i] : "");
            String k = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            switch (k) {
                case "--format" -> format = v;
                case "--streams" -> streams = Integer.parseInt(v);
                case "--viewers" -> viewers = Integer.parseInt(v);
                case "--ws-viewers" -> wsViewers = Integer.parseInt(v);
                case "--stalled" -> stalled = Integer.parseInt(v);
                case "--fps" -> fps = Integer.parseInt(v);
                case "--frame-kb" -> frameKb = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--readers" -> readers = Integer.parseInt(v);
                case "--jar" -> jar = v;
                case "--server-heap" -> serverHeap = v;
                case "--server-opts" -> serverOpts = v;
                case "--server-args" -> serverArgs = v;
                case "--connect" -> connect = v;
                case "--label" -> label = v;
                case "--out" -> out = v;
                case "--h264-clip" -> h264Clip = v;
                case "--ts-clip" -> tsClip = v;
                case "--server-cpus" -> serverCpus = v;
                case "--late-joiners" -> lateJoiners = Integer.parseInt(v);
                default -> {
                    System.err.println(
                            """
                            usage: FanoutBench [--format mjpeg|h264|ts] [--streams 1] [--viewers 1] [--ws-viewers 0] [--stalled 0]
                                   [--fps 30] [--frame-kb 50] [--seconds 20] [--warmup 3] [--readers 2]
                                   [--jar bench/target/camrelay.jar, else target/camrelay.jar] [--server-heap 128m] [--server-opts "-XX:..."] [--server-args "--max.viewers=2000"]
                                   [--connect host:httpPort:ingestPort:pid] [--label name] [--out results.jsonl] [--server-cpus 0 (taskset)] [--late-joiners 5]
                                   [--h264-clip src/main/resources/demo/testsrc2-320x240.h264] [--ts-clip src/main/resources/demo/testsrc2-320x240-mpeg1.ts]
                              --viewers are MJPEG viewers (mjpeg format only); --ws-viewers WebSocket viewers (any format)""");
                    System.exit(2);
                }
            }
        }
        // H.264 and TS have no MJPEG endpoint: plain --viewers then means WebSocket viewers
        boolean wsOnly = !format.equals("mjpeg");
        if (wsOnly && viewers > 0 && wsViewers == 0) {
            wsViewers = viewers;
            viewers = 0;
        }
        if (wsOnly) viewers = 0;
        return new BenchOptions(
                format,
                streams,
                viewers,
                wsViewers,
                stalled,
                fps,
                frameKb,
                seconds,
                warmup,
                readers,
                jar,
                serverHeap,
                serverOpts,
                serverArgs,
                connect,
                label,
                out,
                h264Clip,
                tsClip,
                serverCpus,
                lateJoiners);
    }
}
