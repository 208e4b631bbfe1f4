package dev.camrelay.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Fan-out load tool (issue 6). Starts the relay as a separate process (or connects to one),
 * pushes S streams at a set fps and frame size, each frame tagged with a sequence number and the
 * load tool's own System.nanoTime (publishers and viewers share this JVM, hence this clock), and
 * attaches N MJPEG viewers (raw sockets, NIO), W WebSocket viewers (Jetty client) and K stalled
 * viewers (connect, then never read) per stream. Prints a table and one JSON line.
 *
 * <p>The tag is the ASCII string {@code CRB1} followed by 16 hex digits of seq and 16 hex digits
 * of nanoTime (hex so that an H.264 SEI needs no emulation prevention). MJPEG: a COM segment right
 * after SOI of a real JPEG, padded to size by a second COM segment. H.264: an SEI
 * user_data_unregistered NAL put in front of each access unit of the bundled test clip, padded to
 * size by a filler-data NAL.
 */
public final class FanoutBench {

    static final byte[] MAGIC = "CRB1".getBytes(StandardCharsets.US_ASCII);
    static final int TAG_LEN = 4 + 32;

    // ---------------------------------------------------------------- options
    String format = "mjpeg";
    int streams = 1, viewers = 1, wsViewers = 0, stalled = 0, fps = 30, frameKb = 50, seconds = 20, warmup = 3, readers = 2;
    String jar = Files.exists(Path.of("bench/target/camrelay.jar")) ? "bench/target/camrelay.jar" : "target/camrelay.jar", serverHeap = "128m", serverOpts = "", serverArgs = "", connect = null, label = null, out = null;
    String h264Clip = "src/main/resources/demo/testsrc2-320x240.h264";
    String serverCpus = null;
    int lateJoiners = 5;

    // ---------------------------------------------------------------- shared state
    static final int BUCKET_US = 10, BUCKETS = 1_000_000; // 10 us resolution up to 10 s
    final AtomicIntegerArray hist = new AtomicIntegerArray(BUCKETS + 1);
    final AtomicLong latCount = new AtomicLong(), latMaxNs = new AtomicLong(), bytesInWindow = new AtomicLong(), badFrames = new AtomicLong();
    volatile long[] windowStart, windowEnd; // per stream: seq range [start, end)
    volatile boolean measuring;

    String host = "127.0.0.1";
    int httpPort, ingestPort;
    long serverPid = -1;
    Process server;

    public static void main(String[] args) throws Exception {
        FanoutBench b = new FanoutBench();
        b.parse(args);
        int rc = b.run();
        System.exit(rc);
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : "");
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
                case "--server-cpus" -> serverCpus = v;
                case "--late-joiners" -> lateJoiners = Integer.parseInt(v);
                default -> {
                    System.err.println("""
                            usage: FanoutBench [--format mjpeg|h264] [--streams 1] [--viewers 1] [--ws-viewers 0] [--stalled 0]
                                   [--fps 30] [--frame-kb 50] [--seconds 20] [--warmup 3] [--readers 2]
                                   [--jar bench/target/camrelay.jar, else target/camrelay.jar] [--server-heap 128m] [--server-opts "-XX:..."] [--server-args "--max.viewers=2000"]
                                   [--connect host:httpPort:ingestPort:pid] [--label name] [--out results.jsonl] [--server-cpus 0 (taskset)] [--late-joiners 5]
                              --viewers are MJPEG viewers (mjpeg format only); --ws-viewers WebSocket viewers (any format)""");
                    System.exit(2);
                }
            }
        }
        if (format.equals("h264") && viewers > 0 && wsViewers == 0) { wsViewers = viewers; viewers = 0; }
        if (format.equals("h264")) viewers = 0;
    }

    // ---------------------------------------------------------------- run
    int run() throws Exception {
        if (connect != null) {
            String[] p = connect.split(":");
            host = p[0]; httpPort = Integer.parseInt(p[1]); ingestPort = Integer.parseInt(p[2]);
            serverPid = p.length > 3 ? Long.parseLong(p[3]) : -1;
        } else {
            startServer();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { if (server != null) server.destroy(); }));
        List<byte[]> templates = new ArrayList<>();
        int[] tagOffsets = buildTemplates(templates);
        windowStart = new long[streams];
        windowEnd = new long[streams];
        Arrays.fill(windowEnd, Long.MAX_VALUE);
        List<Publisher> pubs = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            Publisher p = new Publisher(s, "bench" + s, templates, tagOffsets);
            pubs.add(p);
            p.start();
        }
        Thread.sleep(700);
        // viewers
        List<MjpegViewer> mv = new ArrayList<>();
        Reader[] rs = new Reader[Math.max(1, readers)];
        for (int i = 0; i < rs.length; i++) { rs[i] = new Reader(i); rs[i].start(); }
        for (int s = 0; s < streams; s++)
            for (int i = 0; i < viewers; i++) {
                MjpegViewer v = new MjpegViewer(s);
                mv.add(v);
                rs[mv.size() % rs.length].add(v);
            }
        List<WsViewer> wv = new ArrayList<>();
        WebSocketClient wsc = null;
        if (wsViewers > 0) {
            wsc = new WebSocketClient();
            wsc.setMaxBinaryMessageSize(64L << 20);
            wsc.start();
            List<java.util.concurrent.CompletableFuture<Session>> fs = new ArrayList<>();
            for (int s = 0; s < streams; s++)
                for (int i = 0; i < wsViewers; i++) {
                    WsViewer v = new WsViewer(s);
                    wv.add(v);
                    v.connectNs = System.nanoTime();
                    fs.add(wsc.connect(v, URI.create("ws://" + host + ":" + httpPort + "/ws/bench" + s)));
                }
            for (var f : fs) try { f.get(30, TimeUnit.SECONDS); } catch (Exception e) { System.err.println("ws connect failed: " + e); }
        }
        List<SocketChannel> stalls = new ArrayList<>();
        for (int s = 0; s < streams; s++)
            for (int i = 0; i < stalled; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, httpPort));
                ch.socket().setReceiveBufferSize(64 * 1024);
                String path = format.equals("mjpeg") ? "/mjpeg/bench" + s : "/ws/bench" + s;
                String req = format.equals("mjpeg")
                        ? "GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n"
                        : "GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
                ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
                stalls.add(ch); // never read again
            }
        Thread.sleep(warmup * 1000L);
        int connectedMjpeg = (int) mv.stream().filter(v -> v.ok && !v.closed).count();
        int connectedWs = (int) wv.stream().filter(v -> v.session != null).count();
        // window
        long[] cpu0 = cpuTicks(serverPid), self0 = cpuTicks(ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        long[] ws = new long[streams];
        for (int s = 0; s < streams; s++) ws[s] = pubs.get(s).nextSeq;
        windowStart = ws; // volatile publication of the whole array
        measuring = true;
        Thread.sleep(seconds * 500L);
        List<MjpegViewer> lateM = new ArrayList<>();
        List<WsViewer> lateW = new ArrayList<>();
        for (int i = 0; i < lateJoiners; i++) { // one at a time, 200 ms apart, on a warm server
            if (format.equals("mjpeg")) {
                MjpegViewer v = new MjpegViewer(0);
                v.late = true;
                lateM.add(v);
                rs[i % rs.length].add(v);
            } else {
                if (wsc == null) { wsc = new WebSocketClient(); wsc.setMaxBinaryMessageSize(64L << 20); wsc.start(); }
                WsViewer v = new WsViewer(0);
                v.late = true;
                lateW.add(v);
                v.connectNs = System.nanoTime();
                wsc.connect(v, URI.create("ws://" + host + ":" + httpPort + "/ws/bench0"));
            }
            Thread.sleep(200);
        }
        Thread.sleep(Math.max(0, seconds * 500L - 200L * lateJoiners));
        long[] we = new long[streams];
        for (int s = 0; s < streams; s++) we[s] = pubs.get(s).nextSeq;
        windowEnd = we;
        long t1 = System.nanoTime();
        long[] cpu1 = cpuTicks(serverPid), self1 = cpuTicks(ProcessHandle.current().pid());
        String rss = procStatus(serverPid, "VmRSS"), hwm = procStatus(serverPid, "VmHWM");
        String heapBeforeGc = metric("jvm_memory_used_bytes{area=\"heap\"}");
        if (serverPid > 0) { // heap after a full GC: the live set (jcmd from this JDK)
            Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(serverPid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            gc.waitFor(10, TimeUnit.SECONDS);
        }
        String heap = metric("jvm_memory_used_bytes{area=\"heap\"}");
        Thread.sleep(1500); // drain: frames inside the window still in flight
        measuring = false;
        String apiStreams = httpGet("/api/streams");
        for (Publisher p : pubs) p.running = false;
        // stalled: did the server close them?
        int stalledClosed = 0;
        for (SocketChannel ch : stalls) {
            ch.configureBlocking(false);
            ByteBuffer bb = ByteBuffer.allocate(1 << 20);
            boolean closed = false;
            try {
                for (int n = 0; n < 512; n++) { bb.clear(); int r = ch.read(bb); if (r < 0) { closed = true; break; } if (r == 0) break; }
            } catch (IOException e) { closed = true; }
            if (closed) stalledClosed++;
            ch.close();
        }
        // results
        double win = (t1 - t0) / 1e9;
        List<long[]> perViewer = new ArrayList<>(); // {received, expected}
        for (MjpegViewer v : mv) perViewer.add(new long[]{v.received, windowEnd[v.stream] - windowStart[v.stream]});
        for (WsViewer v : wv) perViewer.add(new long[]{v.received, windowEnd[v.stream] - windowStart[v.stream]});
        double[] vfps = perViewer.stream().mapToDouble(r -> r[0] / win).sorted().toArray();
        long lost = perViewer.stream().mapToLong(r -> Math.max(0, r[1] - r[0])).sum();
        long expected = perViewer.stream().mapToLong(r -> r[1]).sum();
        long sent = 0; for (int s = 0; s < streams; s++) sent += windowEnd[s] - windowStart[s];
        double cpuS = (cpu1[0] - cpu0[0]) / 100.0, selfCpuS = (self1[0] - self0[0]) / 100.0;
        double gb = bytesInWindow.get() / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", label == null ? format + "-" + streams + "x" + (viewers + wsViewers) + (stalled > 0 ? "+" + stalled + "stalled" : "") : label);
        r.put("date", Instant.now().toString());
        r.put("format", format); r.put("streams", streams); r.put("mjpegViewers", viewers); r.put("wsViewers", wsViewers);
        r.put("stalledPerStream", stalled); r.put("fps", fps); r.put("frameBytes", templates.get(0).length);
        r.put("windowS", round(win)); r.put("connectedMjpeg", connectedMjpeg); r.put("connectedWs", connectedWs);
        r.put("framesSentPerStream", sent / streams);
        r.put("publisherMaxLateMs", round(pubs.stream().mapToLong(p -> p.maxLateNs).max().orElse(0) / 1e6));
        r.put("publisherMaxWriteMs", round(pubs.stream().mapToLong(p -> p.maxWriteNs).max().orElse(0) / 1e6));
        r.put("viewerFpsMin", vfps.length == 0 ? 0 : round(vfps[0]));
        r.put("viewerFpsMedian", vfps.length == 0 ? 0 : round(vfps[vfps.length / 2]));
        r.put("framesExpected", expected); r.put("framesLost", lost);
        r.put("lostPct", expected == 0 ? 0 : round(100.0 * lost / expected));
        r.put("latencyMs_p50", pct(0.50)); r.put("latencyMs_p90", pct(0.90)); r.put("latencyMs_p99", pct(0.99));
        r.put("latencyMs_max", round(latMaxNs.get() / 1e6)); r.put("latencySamples", latCount.get());
        r.put("badFrames", badFrames.get());
        // late joiners: connect start (TCP connect + request / upgrade) -> last byte of the first frame
        double[] join = java.util.stream.Stream.concat(
                lateM.stream().filter(v -> v.firstFrameNs > 0).map(v -> (v.firstFrameNs - v.connectNs) / 1e6),
                lateW.stream().filter(v -> v.firstFrameNs > 0).map(v -> (v.firstFrameNs - v.connectNs) / 1e6)).mapToDouble(d -> d).sorted().toArray();
        r.put("lateJoiners", lateJoiners);
        r.put("lateJoinersServed", join.length);
        r.put("lateJoinFirstFrameMs_min", join.length == 0 ? 0 : round(join[0]));
        r.put("lateJoinFirstFrameMs_max", join.length == 0 ? 0 : round(join[join.length - 1]));
        if (format.equals("h264")) r.put("lateJoinFirstFrameIsIdr", lateW.stream().filter(v -> v.firstIsKey).count() + "/" + lateW.size());
        r.put("deliveredGB", round3(gb)); r.put("deliveredGBps", round3(gb / win));
        r.put("serverCpuS", round(cpuS)); r.put("serverCores", round(cpuS / win));
        r.put("serverCoreSecPerGB", gb == 0 ? 0 : round3(cpuS / gb));
        r.put("serverRss", rss); r.put("serverRssPeak", hwm); r.put("serverHeapUsedMiB", heapBeforeGc == null ? null : round(Double.parseDouble(heapBeforeGc) / 1048576));
        r.put("serverHeapLiveMiB", heap == null ? null : round(Double.parseDouble(heap) / 1048576));
        r.put("loadToolCores", round(selfCpuS / win));
        r.put("stalledTotal", stalls.size()); r.put("stalledClosedByServer", stalledClosed);
        r.put("serverStreams", apiStreams == null ? null : apiStreams.replaceAll("\\s+", ""));
        printTable(r);
        String json = toJson(r);
        System.out.println(json);
        if (out != null) Files.writeString(Path.of(out), json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        for (Reader rd : rs) rd.running = false;
        if (wsc != null) try { wsc.stop(); } catch (Exception ignored) { }
        for (MjpegViewer v : mv) try { v.ch.close(); } catch (IOException ignored) { }
        for (MjpegViewer v : lateM) try { v.ch.close(); } catch (IOException ignored) { }
        if (server != null) { server.destroy(); server.waitFor(10, TimeUnit.SECONDS); }
        return 0;
    }

    // ---------------------------------------------------------------- server process
    void startServer() throws Exception {
        httpPort = freePort(); ingestPort = freePort();
        List<String> cmd = new ArrayList<>();
        if (serverCpus != null) cmd.addAll(List.of("taskset", "-c", serverCpus));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + serverHeap);
        if (!serverOpts.isBlank()) cmd.addAll(Arrays.asList(serverOpts.trim().split("\\s+")));
        cmd.addAll(List.of("-jar", jar, "--http.port=" + httpPort, "--ingest.port=" + ingestPort, "--ingest.host=127.0.0.1"));
        if (!serverArgs.isBlank()) cmd.addAll(Arrays.asList(serverArgs.trim().split("\\s+")));
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "camrelay-bench-server.log");
        server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        serverPid = server.pid();
        System.err.println("server pid " + serverPid + ": " + String.join(" ", cmd) + " (log " + log + ")");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) throw new IllegalStateException("relay exited, see " + log);
            String r = httpGet("/readyz");
            if (r != null) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("relay not ready in 30 s");
    }

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) { return s.getLocalPort(); }
    }

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    String httpGet(String path) {
        try {
            var resp = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return resp.statusCode() == 200 ? resp.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    String metric(String name) {
        String m = httpGet("/metrics");
        if (m == null) return null;
        for (String line : m.split("\n")) if (line.startsWith(name + " ")) return line.substring(name.length() + 1).trim();
        return null;
    }

    /** {utime+stime} in clock ticks (USER_HZ, 100 on Linux). */
    static long[] cpuTicks(long pid) {
        if (pid <= 0) return new long[]{0};
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[]{Long.parseLong(f[11]) + Long.parseLong(f[12])};
        } catch (IOException e) {
            return new long[]{0};
        }
    }

    static String procStatus(long pid, String key) {
        if (pid <= 0) return null;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (l.startsWith(key + ":")) return l.substring(key.length() + 1).trim();
        } catch (IOException ignored) { }
        return null;
    }

    // ---------------------------------------------------------------- frames
    /** Builds the frame templates, returns the offset of the tag in each. */
    int[] buildTemplates(List<byte[]> out) throws IOException {
        int size = frameKb * 1024;
        if (format.equals("mjpeg")) {
            byte[] jpeg = realJpeg();
            // SOI, COM(tag), COM(padding), rest of the real JPEG (from after its SOI)
            int fixed = 2 + 4 + TAG_LEN + jpeg.length - 2;
            int pad = Math.max(0, size - fixed - 4);
            if (pad > 65533) throw new IllegalArgumentException("frame too large for one padding segment");
            ByteBuffer b = ByteBuffer.allocate(fixed + 4 + pad);
            b.put((byte) 0xFF).put((byte) 0xD8);
            b.put((byte) 0xFF).put((byte) 0xFE).putShort((short) (2 + TAG_LEN));
            int tagOff = b.position();
            b.put(new byte[TAG_LEN]);
            b.put((byte) 0xFF).put((byte) 0xFE).putShort((short) (2 + pad));
            byte[] p = new byte[pad];
            Arrays.fill(p, (byte) 'x');
            b.put(p);
            b.put(jpeg, 2, jpeg.length - 2);
            out.add(b.array());
            return new int[]{tagOff};
        }
        if (format.equals("h264")) {
            byte[] clip = Files.readAllBytes(Path.of(h264Clip));
            List<byte[]> aus = H264.accessUnits(clip);
            int[] offs = new int[aus.size()];
            byte[] uuid = "CAMRELAY-BENCH-1".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < aus.size(); i++) {
                byte[] au = aus.get(i);
                // SEI: start code, NAL header 0x06, payloadType 5, payloadSize 16+36, uuid, tag, rbsp stop bit
                int seiLen = 4 + 1 + 1 + 1 + 16 + TAG_LEN + 1;
                int fill = Math.max(0, size - au.length - seiLen - 6);
                ByteBuffer b = ByteBuffer.allocate(seiLen + au.length + (fill > 0 ? fill + 6 : 0));
                b.put(new byte[]{0, 0, 0, 1, 0x06, 0x05, (byte) (16 + TAG_LEN)}).put(uuid);
                offs[i] = b.position();
                b.put(new byte[TAG_LEN]).put((byte) 0x80);
                b.put(au);
                if (fill > 0) { // filler data NAL (type 12): 0xFF... then rbsp stop bit
                    b.put(new byte[]{0, 0, 0, 1, 0x0C});
                    byte[] f = new byte[fill];
                    Arrays.fill(f, (byte) 0xFF);
                    b.put(f).put((byte) 0x80);
                }
                out.add(b.array());
            }
            System.err.println("h264: " + aus.size() + " access units from " + h264Clip);
            return offs;
        }
        throw new IllegalArgumentException("format not supported by this tool yet: " + format);
    }

    static byte[] realJpeg() throws IOException {
        var img = new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        for (int i = 0; i < 8; i++) { g.setColor(java.awt.Color.getHSBColor(i / 8f, 0.8f, 0.9f)); g.fillRect(i * 40, 0, 40, 240); }
        g.setColor(java.awt.Color.BLACK);
        g.drawString("camrelay bench", 10, 120);
        g.dispose();
        var bos = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpg", bos);
        return bos.toByteArray();
    }

    static void writeTag(byte[] f, int off, long seq, long nanos) {
        System.arraycopy(MAGIC, 0, f, off, 4);
        hex(f, off + 4, seq);
        hex(f, off + 20, nanos);
    }

    static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static void hex(byte[] f, int off, long v) {
        for (int i = 15; i >= 0; i--) { f[off + i] = HEX[(int) (v & 15)]; v >>>= 4; }
    }

    static long unhex(byte[] f, int off) {
        long v = 0;
        for (int i = 0; i < 16; i++) {
            int c = f[off + i];
            int d = c >= 'a' ? c - 'a' + 10 : c - '0';
            if (d < 0 || d > 15) return -1;
            v = (v << 4) | d;
        }
        return v;
    }

    /** Finds the tag in the first bytes of a frame; returns its offset or -1. */
    static int findTag(byte[] b, int len) {
        for (int i = 0; i + TAG_LEN <= len; i++)
            if (b[i] == 'C' && b[i + 1] == 'R' && b[i + 2] == 'B' && b[i + 3] == '1') return i;
        return -1;
    }

    final class Publisher extends Thread {
        final int stream; final String name; final List<byte[]> templates; final int[] offs;
        volatile long nextSeq; volatile boolean running = true;
        volatile long maxLateNs, maxWriteNs; // over the window: behind schedule at send; one frame's blocking write

        Publisher(int stream, String name, List<byte[]> templates, int[] offs) {
            super("publisher-" + name);
            setDaemon(true);
            this.stream = stream; this.name = name; this.templates = templates; this.offs = offs;
        }

        @Override public void run() {
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, ingestPort))) {
                ch.socket().setTcpNoDelay(true);
                ch.write(ByteBuffer.wrap(("STREAM " + name + " " + format + " framing=length\n").getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer ok = ByteBuffer.allocate(64);
                while (ok.position() == 0 || ok.get(ok.position() - 1) != '\n') if (ch.read(ok) < 0) throw new IOException("closed in handshake");
                String ans = new String(ok.array(), 0, ok.position(), StandardCharsets.US_ASCII).trim();
                if (!ans.equals("OK")) throw new IOException("handshake: " + ans);
                long interval = 1_000_000_000L / fps, start = System.nanoTime();
                ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                for (long seq = 0; running; seq++) {
                    long due = start + seq * interval;
                    long now;
                    while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                    int i = (int) (seq % templates.size());
                    byte[] f = templates.get(i);
                    long sendAt = System.nanoTime();
                    writeTag(f, offs[i], seq, sendAt);
                    if (measuring) maxLateNs = Math.max(maxLateNs, sendAt - due);
                    nextSeq = seq + 1;
                    len.clear(); len.putInt(f.length).flip();
                    ByteBuffer[] bufs = {len, ByteBuffer.wrap(f)};
                    while (bufs[1].hasRemaining()) ch.write(bufs);
                    if (measuring) maxWriteNs = Math.max(maxWriteNs, System.nanoTime() - sendAt);
                }
            } catch (IOException e) {
                System.err.println("publisher " + name + ": " + e);
            }
        }
    }

    // ---------------------------------------------------------------- viewers
    void frameDone(int stream, byte[] head, int headLen, long nowNs, long bytes, long[] received) {
        int at = findTag(head, headLen);
        if (at < 0) { badFrames.incrementAndGet(); return; }
        long seq = unhex(head, at + 4), sent = unhex(head, at + 20);
        if (!measuring) return;
        long[] ws = windowStart, we = windowEnd;
        if (seq < ws[stream] || seq >= we[stream]) return;
        received[0]++;
        bytesInWindow.addAndGet(bytes);
        long lat = nowNs - sent;
        int bucket = (int) Math.min(BUCKETS, Math.max(0, lat / 1000 / BUCKET_US));
        hist.incrementAndGet(bucket);
        latCount.incrementAndGet();
        latMaxNs.accumulateAndGet(lat, Math::max);
    }

    double pct(double q) {
        long n = latCount.get();
        if (n == 0) return 0;
        long want = (long) Math.ceil(q * n), acc = 0;
        for (int i = 0; i <= BUCKETS; i++) { acc += hist.get(i); if (acc >= want) return round(Math.min((i + 1) * BUCKET_US / 1000.0, latMaxNs.get() / 1e6)); }
        return round(BUCKETS * BUCKET_US / 1000.0);
    }

    /** One MJPEG viewer: an HTTP/1.0 GET (so no chunked encoding), then a multipart parser. */
    final class MjpegViewer {
        final int stream;
        SocketChannel ch;
        final byte[] hdr = new byte[2048]; int hdrLen;
        final byte[] head = new byte[64]; int headLen;
        long remaining = -1, bodyLen; // -1: in headers
        final long[] rec = new long[1];
        long received; boolean ok, closed;
        long connectNs; volatile long firstFrameNs;
        boolean late; // a late joiner: only its join time counts

        MjpegViewer(int stream) { this.stream = stream; }

        void onData(ByteBuffer b, long now) {
            while (b.hasRemaining()) {
                if (remaining < 0) {
                    byte c = b.get();
                    if (hdrLen < hdr.length) hdr[hdrLen++] = c; else hdrLen = 0;
                    if (c == '\n' && hdrLen >= 4 && hdr[hdrLen - 2] == '\r' && hdr[hdrLen - 3] == '\n' && hdr[hdrLen - 4] == '\r') {
                        String h = new String(hdr, 0, hdrLen, StandardCharsets.ISO_8859_1);
                        hdrLen = 0;
                        if (h.startsWith("HTTP/")) { ok = h.startsWith("HTTP/1.1 200") || h.startsWith("HTTP/1.0 200"); continue; }
                        int i = h.toLowerCase(Locale.ROOT).indexOf("content-length:");
                        if (i < 0) continue;
                        int e = h.indexOf('\r', i);
                        bodyLen = remaining = Long.parseLong(h.substring(i + 15, e).trim());
                        headLen = 0;
                    }
                } else {
                    int n = (int) Math.min(remaining, b.remaining());
                    int p = b.position();
                    while (headLen < head.length && p < b.position() + n) head[headLen++] = b.get(p++);
                    b.position(b.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        remaining = -1;
                        if (firstFrameNs == 0 && ok) firstFrameNs = now; // ok: a 200 response, not an error body
                        if (!late) frameDone(stream, head, headLen, now, bodyLen, rec);
                        received = rec[0];
                    }
                }
            }
        }
    }

    final class Reader extends Thread {
        final Selector sel;
        final ConcurrentLinkedQueue<MjpegViewer> pending = new ConcurrentLinkedQueue<>();
        volatile boolean running = true;

        Reader(int i) throws IOException { super("mjpeg-reader-" + i); setDaemon(true); sel = Selector.open(); }

        void add(MjpegViewer v) throws IOException {
            v.connectNs = System.nanoTime();
            v.ch = SocketChannel.open(new InetSocketAddress(host, httpPort));
            v.ch.write(ByteBuffer.wrap(("GET /mjpeg/bench" + v.stream + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            v.ch.configureBlocking(false);
            pending.add(v);
            sel.wakeup();
        }

        @Override public void run() {
            ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
            try {
                while (running) {
                    MjpegViewer nv;
                    while ((nv = pending.poll()) != null) nv.ch.register(sel, SelectionKey.OP_READ, nv);
                    sel.select(100);
                    for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey k = it.next();
                        it.remove();
                        MjpegViewer v = (MjpegViewer) k.attachment();
                        try {
                            buf.clear();
                            int r = v.ch.read(buf);
                            if (r < 0) { v.closed = true; k.cancel(); v.ch.close(); continue; }
                            buf.flip();
                            v.onData(buf, System.nanoTime());
                        } catch (IOException e) {
                            v.closed = true; k.cancel(); try { v.ch.close(); } catch (IOException ignored) { }
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println(getName() + ": " + e);
            }
        }
    }

    /** One WebSocket viewer (Jetty client): one binary message per frame. */
    public final class WsViewer implements Session.Listener.AutoDemanding {
        final int stream;
        final long[] rec = new long[1];
        volatile long received;
        volatile Session session;
        final byte[] head = new byte[256];
        volatile long connectNs, firstFrameNs;
        volatile boolean firstIsKey;
        boolean late;

        WsViewer(int stream) { this.stream = stream; }

        @Override public void onWebSocketOpen(Session s) { session = s; }

        @Override public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            long now = System.nanoTime();
            int n = Math.min(head.length, payload.remaining());
            payload.get(payload.position(), head, 0, n);
            if (firstFrameNs == 0) { firstFrameNs = now; firstIsKey = !format.equals("h264") || H264.hasIdr(payload); }
            if (!late) frameDone(stream, head, n, now, payload.remaining(), rec);
            received = rec[0];
            callback.succeed();
        }

        @Override public void onWebSocketClose(int code, String reason) { session = null; }

        @Override public void onWebSocketError(Throwable t) { session = null; }
    }

    // ---------------------------------------------------------------- H.264 clip splitting
    static final class H264 {
        static boolean hasIdr(ByteBuffer b) {
            for (int i = b.position(); i + 3 < b.limit(); i++)
                if (b.get(i) == 0 && b.get(i + 1) == 0 && b.get(i + 2) == 1 && (b.get(i + 3) & 0x1F) == 5) return true;
            return false;
        }

        /** Splits an Annex B stream into access units: a new AU starts at an AUD, at SPS/PPS/SEI after a slice, or at a slice after a slice. */
        static List<byte[]> accessUnits(byte[] s) {
            List<Integer> starts = new ArrayList<>();
            for (int i = 0; i + 3 < s.length; i++)
                if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) { starts.add(i > 0 && s[i - 1] == 0 ? i - 1 : i); i += 2; }
            List<byte[]> aus = new ArrayList<>();
            int auStart = -1;
            boolean sawSlice = false;
            for (int k = 0; k < starts.size(); k++) {
                int st = starts.get(k);
                int hdr = s[st + 2] == 1 ? st + 3 : st + 4;
                int type = s[hdr] & 0x1F;
                boolean slice = type == 1 || type == 5;
                boolean firstMb = slice && (s[hdr + 1] & 0x80) != 0; // first_mb_in_slice == 0 (ue(v) '1')
                boolean boundary = type == 9 || ((type == 7 || type == 8 || type == 6) && sawSlice) || (firstMb && sawSlice);
                if (auStart < 0) auStart = st;
                else if (boundary) { aus.add(Arrays.copyOfRange(s, auStart, st)); auStart = st; sawSlice = false; }
                if (slice) sawSlice = true;
            }
            if (auStart >= 0) aus.add(Arrays.copyOfRange(s, auStart, s.length));
            return aus;
        }
    }

    // ---------------------------------------------------------------- output
    static double round(double d) { return Math.round(d * 100) / 100.0; }

    static double round3(double d) { return Math.round(d * 1000) / 1000.0; }

    static String toJson(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (var e : m.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v == null) sb.append("null");
            else if (v instanceof Number) sb.append(v);
            else if (e.getKey().equals("serverStreams")) sb.append(v);
            else sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }

    static void printTable(Map<String, Object> r) {
        System.out.println("----------------------------------------------------------------");
        for (var e : r.entrySet()) {
            if (e.getKey().equals("serverStreams")) continue;
            System.out.printf("%-24s %s%n", e.getKey(), e.getValue());
        }
        System.out.println("----------------------------------------------------------------");
    }
}
