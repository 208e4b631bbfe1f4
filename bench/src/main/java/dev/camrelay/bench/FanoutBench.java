package dev.camrelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fan-out load tool. Starts the relay as a separate process (or connects to one), pushes S streams
 * at a set fps and frame size, each frame tagged with a sequence number and the load tool's own
 * System.nanoTime (publishers and viewers share this JVM, hence this clock), and attaches N MJPEG
 * viewers and W WebSocket viewers (raw sockets read by a few NIO selector threads, {@link
 * ViewerReader}) and K stalled viewers (connect, then never read) per stream. Prints a table and
 * one JSON line.
 *
 * <p>The tag format is in {@link FrameTag}, how it is put into MJPEG, H.264 and TS frames in {@link
 * FrameTemplates} and {@link Ts}. This class only runs the phases: warm-up, the measurement window
 * (with late joiners half-way), sampling the server, drain, report.
 */
public final class FanoutBench {

    private final BenchOptions o;
    private RelayServer relay;

    private FanoutBench(BenchOptions o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        int rc = new FanoutBench(BenchOptions.parse(args)).run();
        System.exit(rc);
    }

    int run() throws Exception {
        relay = o.connect() != null ? RelayServer.connect(o.connect()) : RelayServer.start(o);
        RelayServer r0 = relay;
        Runtime.getRuntime().addShutdownHook(new Thread(r0::destroy));
        FrameTemplates templates = FrameTemplates.build(o);
        Measurement m = new Measurement(o.streams());
        List<Publisher> pubs = new ArrayList<>();
        for (int s = 0; s < o.streams(); s++) {
            Publisher p = new Publisher(s, templates, o, relay, m);
            pubs.add(p);
            p.start();
        }
        Thread.sleep(700); // let the streams go live before viewers ask for them
        List<MjpegViewer> mv = new ArrayList<>();
        List<WsViewer> wv = new ArrayList<>();
        ViewerReader[] rs = new ViewerReader[Math.max(1, o.readers())];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = new ViewerReader(i, relay);
            rs[i].start();
        }
        for (int s = 0; s < o.streams(); s++) {
            for (int i = 0; i < o.viewers(); i++) {
                MjpegViewer v = new MjpegViewer(s, m);
                mv.add(v);
                rs[(mv.size() + wv.size()) % rs.length].add(v);
            }
            for (int i = 0; i < o.wsViewers(); i++) {
                WsViewer v = new WsViewer(s, o.format(), m);
                wv.add(v);
                rs[(mv.size() + wv.size()) % rs.length].add(v);
            }
        }
        StalledViewers stalls = new StalledViewers();
        stalls.open(o, relay);
        Thread.sleep(o.warmup() * 1000L);
        int connectedMjpeg = (int) mv.stream().filter(v -> v.ok && !v.closed).count();
        int connectedWs = (int) wv.stream().filter(v -> v.ok && !v.closed).count();
        // window
        long[] cpu0 = ProcStats.cpuTicks(relay.pid),
                self0 = ProcStats.cpuTicks(ProcessHandle.current().pid());
        long steal0 = ProcStats.stealTicks();
        long t0 = System.nanoTime();
        long[] ws = new long[o.streams()];
        for (int s = 0; s < o.streams(); s++) ws[s] = pubs.get(s).nextSeq;
        m.windowStart = ws; // volatile publication of the whole array
        m.measuring = true;
        Thread.sleep(o.seconds() * 500L);
        List<MjpegViewer> lateM = new ArrayList<>();
        List<WsViewer> lateW = new ArrayList<>();
        addLateJoiners(m, rs, lateM, lateW);
        Thread.sleep(Math.max(0, o.seconds() * 500L - 200L * o.lateJoiners()));
        long[] we = new long[o.streams()];
        for (int s = 0; s < o.streams(); s++) we[s] = pubs.get(s).nextSeq;
        m.windowEnd = we;
        long t1 = System.nanoTime();
        long[] cpu1 = ProcStats.cpuTicks(relay.pid),
                self1 = ProcStats.cpuTicks(ProcessHandle.current().pid());
        long steal1 = ProcStats.stealTicks();
        String rss = ProcStats.procStatus(relay.pid, "VmRSS"),
                hwm = ProcStats.procStatus(relay.pid, "VmHWM");
        String heapBeforeGc = relay.metric("jvm_memory_used_bytes{area=\"heap\"}");
        relay.fullGc();
        String heap = relay.metric("jvm_memory_used_bytes{area=\"heap\"}");
        Thread.sleep(1500); // drain: frames inside the window still in flight
        m.measuring = false;
        String apiStreams = relay.httpGet("/api/streams");
        for (Publisher p : pubs) p.running = false;
        int stalledClosed = stalls.countClosedByServer(); // did the server close them?
        var run =
                new Report.Run(
                        templates.frames().get(0).length,
                        (t1 - t0) / 1e9,
                        connectedMjpeg,
                        connectedWs,
                        pubs,
                        mv,
                        wv,
                        lateM,
                        lateW,
                        m,
                        (cpu1[0] - cpu0[0]) / 100.0,
                        (cpu1[1] - cpu0[1]) / 100.0,
                        (self1[0] - self0[0]) / 100.0,
                        (steal1 - steal0) / 100.0,
                        rss,
                        hwm,
                        heapBeforeGc,
                        heap,
                        stalls.size(),
                        stalledClosed,
                        apiStreams);
        Map<String, Object> r = Report.results(o, run);
        Report.printTable(r);
        String json = Report.toJson(r);
        System.out.println(json);
        if (o.out() != null)
            Files.writeString(
                    Path.of(o.out()),
                    json + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        for (ViewerReader rd : rs) rd.running = false;
        for (List<? extends SocketViewer> vs : List.of(mv, wv, lateM, lateW))
            for (SocketViewer v : vs)
                try {
                    v.ch.close();
                } catch (IOException ignored) {
                }
        relay.stop();
        return 0;
    }

    /**
     * One at a time, 200 ms apart, on stream 0 of a warm server: only their time to first frame
     * counts.
     */
    private void addLateJoiners(
            Measurement m, ViewerReader[] rs, List<MjpegViewer> lateM, List<WsViewer> lateW)
            throws Exception {
        for (int i = 0; i < o.lateJoiners(); i++) {
            SocketViewer v;
            if (o.mjpeg()) {
                MjpegViewer mj = new MjpegViewer(0, m);
                lateM.add(mj);
                v = mj;
            } else {
                WsViewer w = new WsViewer(0, o.format(), m);
                lateW.add(w);
                v = w;
            }
            v.late = true;
            rs[i % rs.length].add(v);
            Thread.sleep(200);
        }
    }
}
