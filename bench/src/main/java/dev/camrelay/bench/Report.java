package dev.camrelay.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one run into the result map, printed as a table and as one JSON line. The key order is the
 * output format (results.jsonl files are compared across runs), so keep it stable.
 */
final class Report {

    /** Everything a run measured, as collected by {@link FanoutBench}. */
    record Run(
            int frameBytes,
            double windowS,
            int connectedMjpeg,
            int connectedWs,
            List<Publisher> publishers,
            List<MjpegViewer> mjpegViewers,
            List<WsViewer> wsViewers,
            List<MjpegViewer> lateMjpeg,
            List<WsViewer> lateWs,
            Measurement m,
            double serverCpuS,
            double serverSysS,
            double selfCpuS,
            double stealS,
            String rss,
            String rssPeak,
            String heapBeforeGc,
            String heapLive,
            int stalledTotal,
            int stalledClosed,
            String apiStreams) {}

    private Report() {}

    static Map<String, Object> results(BenchOptions o, Run x) {
        Measurement m = x.m();
        double win = x.windowS();
        List<long[]> perViewer = new java.util.ArrayList<>(); // {received, expected}
        for (MjpegViewer v : x.mjpegViewers())
            perViewer.add(new long[] {v.received, m.sentInWindow(v.stream)});
        for (WsViewer v : x.wsViewers())
            perViewer.add(new long[] {v.received, m.sentInWindow(v.stream)});
        double[] vfps = perViewer.stream().mapToDouble(r -> r[0] / win).sorted().toArray();
        long lost = perViewer.stream().mapToLong(r -> Math.max(0, r[1] - r[0])).sum();
        long expected = perViewer.stream().mapToLong(r -> r[1]).sum();
        long sent = 0;
        for (int s = 0; s < o.streams(); s++) sent += m.sentInWindow(s);
        double cpuS = x.serverCpuS(), selfCpuS = x.selfCpuS();
        double gb = m.bytesInWindow.get() / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(
                "label",
                o.label() == null
                        ? o.format()
                                + "-"
                                + o.streams()
                                + "x"
                                + (o.viewers() + o.wsViewers())
                                + (o.stalled() > 0 ? "+" + o.stalled() + "stalled" : "")
                        : o.label());
        r.put("date", Instant.now().toString());
        r.put("format", o.format());
        r.put("streams", o.streams());
        r.put("mjpegViewers", o.viewers());
        r.put("wsViewers", o.wsViewers());
        r.put("stalledPerStream", o.stalled());
        r.put("fps", o.fps());
        r.put("frameBytes", x.frameBytes());
        r.put("windowS", round(win));
        r.put("connectedMjpeg", x.connectedMjpeg());
        r.put("connectedWs", x.connectedWs());
        r.put("framesSentPerStream", sent / o.streams());
        r.put(
                "publisherMaxLateMs",
                round(x.publishers().stream().mapToLong(p -> p.maxLateNs).max().orElse(0) / 1e6));
        r.put(
                "publisherMaxWriteMs",
                round(x.publishers().stream().mapToLong(p -> p.maxWriteNs).max().orElse(0) / 1e6));
        r.put("viewerFpsMin", vfps.length == 0 ? 0 : round(vfps[0]));
        r.put("viewerFpsMedian", vfps.length == 0 ? 0 : round(vfps[vfps.length / 2]));
        r.put("framesExpected", expected);
        r.put("framesLost", lost);
        r.put("lostPct", expected == 0 ? 0 : round(100.0 * lost / expected));
        LatencyHistogram lat = m.latency;
        r.put("latencyMs_p50", lat.percentileMs(0.50));
        r.put("latencyMs_p90", lat.percentileMs(0.90));
        r.put("latencyMs_p99", lat.percentileMs(0.99));
        r.put("latencyMs_max", round(lat.maxNs() / 1e6));
        r.put("latencySamples", lat.count());
        r.put("badFrames", m.badFrames.get());
        // late joiners: connect start (TCP connect + request / upgrade) -> last byte of the first
        // frame
        double[] join =
                java.util.stream.Stream.concat(
                                x.lateMjpeg().stream()
                                        .filter(v -> v.firstFrameNs > 0)
                                        .map(v -> (v.firstFrameNs - v.connectNs) / 1e6),
                                x.lateWs().stream()
                                        .filter(v -> v.firstFrameNs > 0)
                                        .map(v -> (v.firstFrameNs - v.connectNs) / 1e6))
                        .mapToDouble(d -> d)
                        .sorted()
                        .toArray();
        r.put("lateJoiners", o.lateJoiners());
        r.put("lateJoinersServed", join.length);
        r.put("lateJoinFirstFrameMs_min", join.length == 0 ? 0 : round(join[0]));
        r.put("lateJoinFirstFrameMs_max", join.length == 0 ? 0 : round(join[join.length - 1]));
        String keyCount =
                x.lateWs().stream().filter(v -> v.firstIsKey).count() + "/" + x.lateWs().size();
        if (o.h264()) r.put("lateJoinFirstFrameIsIdr", keyCount);
        if (o.ts())
            r.put(
                    "lateJoinFirstFrameIsKeyframe",
                    keyCount); // PAT first, sequence header in the first picture
        r.put("deliveredGB", round3(gb));
        r.put("deliveredGBps", round3(gb / win));
        r.put("serverCpuS", round(cpuS));
        r.put("serverCores", round(cpuS / win));
        r.put("serverCoreSecPerGB", gb == 0 ? 0 : round3(cpuS / gb));
        r.put("serverSysShare", cpuS == 0 ? 0 : round(x.serverSysS() / cpuS));
        String heapBeforeGc = x.heapBeforeGc(), heap = x.heapLive();
        r.put("serverRss", x.rss());
        r.put("serverRssPeak", x.rssPeak());
        r.put(
                "serverHeapUsedMiB",
                heapBeforeGc == null ? null : round(Double.parseDouble(heapBeforeGc) / 1048576));
        r.put("serverHeapLiveMiB", heap == null ? null : round(Double.parseDouble(heap) / 1048576));
        r.put("loadToolCores", round(selfCpuS / win));
        // CPUs the hypervisor took over the window, in cores: a run with much of it is noise, not a
        // result
        r.put("machineStealCores", round(x.stealS() / win));
        r.put("stalledTotal", x.stalledTotal());
        r.put("stalledClosedByServer", x.stalledClosed());
        r.put(
                "serverStreams",
                x.apiStreams() == null ? null : x.apiStreams().replaceAll("\\s+", ""));
        return r;
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    static double round3(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    /**
     * Flat JSON by hand (no JSON library in the bench profile); serverStreams is already JSON,
     * embedded as is.
     */
    static String toJson(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (var e : m.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v == null) sb.append("null");
            else if (v instanceof Number) sb.append(v);
            else if (e.getKey().equals("serverStreams")) sb.append(v);
            else
                sb.append('"')
                        .append(v.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
        }
        return sb.append('}').toString();
    }

    /** The table for humans; serverStreams is left to the JSON line, it is too long for a row. */
    static void printTable(Map<String, Object> r) {
        System.out.println("----------------------------------------------------------------");
        for (var e : r.entrySet()) {
            if (e.getKey().equals("serverStreams")) continue;
            System.out.printf("%-24s %s%n", e.getKey(), e.getValue());
        }
        System.out.println("----------------------------------------------------------------");
    }
}
