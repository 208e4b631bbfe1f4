package dev.camrelay.rtsp;

import dev.camrelay.media.AudioTrack;
import dev.camrelay.media.Format;
import dev.camrelay.media.h264.AccessUnit;
import dev.camrelay.rtsp.AacDepacketizer.AacFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One pull of one camera URL over RTSP, RTP interleaved in the connection or over UDP: OPTIONS,
 * DESCRIBE (following redirects), SETUP of the H.264 track (else of the H.265 one) and of an AAC
 * track ({@code mpeg4-generic}) when the camera offers one and accepts its SETUP (otherwise the
 * pull goes on without sound), PLAY, then frames until the connection fails or is closed. Keeps the
 * session alive (GET_PARAMETER when the server offers it, else OPTIONS) at half the server's
 * timeout and sends an RTCP receiver report every few seconds. Owned by the source's thread; {@link
 * #close} may come from any thread.
 */
final class RtspSession implements AutoCloseable {
    static final int MAX_REDIRECTS = 3;
    private static final long REPORT_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    /**
     * Connection bounds and transport: connect and idle timeouts, the largest access unit, and RTP
     * over UDP instead of interleaved in the RTSP connection.
     */
    record Limits(
            Duration connectTimeout, Duration idleTimeout, int maxAccessUnitBytes, boolean udp) {}

    private final Limits limits;
    private volatile RtspConnection connection;
    private volatile boolean closed;

    /** Set once PLAY succeeded, for TEARDOWN at close. */
    private volatile String playedUrl;

    private NalDepacketizer depacketizer;
    private Format format = Format.H264;
    private AacDepacketizer audioDepacketizer;
    private AudioTrack audioTrack;
    private int[] audioChannels = {-1, -1};
    private boolean playing;
    private boolean connected;

    RtspSession(Limits limits) {
        this.limits = limits;
    }

    /** True once a TCP connection stood: a later timeout means the camera went silent. */
    boolean connected() {
        return connected;
    }

    /** True once PLAY succeeded: the camera works, so a later failure retries quickly. */
    boolean played() {
        return playing;
    }

    NalDepacketizer depacketizer() {
        return depacketizer;
    }

    /** The format of the video track being played: H.264 or H.265; known once PLAY succeeded. */
    Format format() {
        return format;
    }

    /** The AAC track set up beside the video, or null: known once PLAY succeeded. */
    AudioTrack audioTrack() {
        return audioTrack;
    }

    /** Pulls until the connection fails (throws) or {@link #close} is called (returns). */
    void run(RtspUrl start, Consumer<AccessUnit> pictures, Consumer<AacFrame> sounds)
            throws IOException {
        RtspUrl url = start;
        for (int redirects = 0; ; redirects++) {
            RtspConnection c = open(url);
            String publicMethods =
                    c.request("OPTIONS", url.url(), Map.of()).header("Public").orElse("");
            RtspMessage.Response describe =
                    c.request("DESCRIBE", url.url(), Map.of("Accept", "application/sdp"));
            if (describe.status() >= 300
                    && describe.status() < 400
                    && describe.header("Location").isPresent()) {
                if (redirects == MAX_REDIRECTS) {
                    throw new RtspStatusException("more than " + MAX_REDIRECTS + " redirects");
                }
                c.close();
                url = url.redirect(describe.header("Location").get());
                continue;
            }
            requireSuccess("DESCRIBE", describe);
            String base =
                    describe.header("Content-Base")
                            .or(() -> describe.header("Content-Location"))
                            .orElse(url.url());
            SessionDescription sdp = SessionDescription.parse(RtspReader.text(describe.body()));
            SdpMedia video =
                    sdp.first("H264")
                            .or(() -> sdp.first("H265"))
                            .orElseThrow(
                                    () ->
                                            new RtspStatusException(
                                                    "no H.264 or H.265 video in the camera's SDP"
                                                            + " (offered: "
                                                            + encodings(sdp)
                                                            + ")"));
            play(
                    c,
                    url,
                    base,
                    sdp,
                    video,
                    publicMethods.contains("GET_PARAMETER"),
                    pictures,
                    sounds);
            return;
        }
    }

    private RtspConnection open(RtspUrl url) throws IOException {
        RtspConnection c = new RtspConnection(url.credentials());
        connection = c;
        if (closed) {
            c.close();
            throw new IOException("closed");
        }
        c.connect(url, limits.connectTimeout(), limits.idleTimeout(), 0xFFFF);
        connected = true;
        return c;
    }

    private void play(
            RtspConnection c,
            RtspUrl url,
            String base,
            SessionDescription sdp,
            SdpMedia video,
            boolean getParameter,
            Consumer<AccessUnit> pictures,
            Consumer<AacFrame> sounds)
            throws IOException {
        try (MediaTransport transport =
                limits.udp()
                        ? new UdpTransport(c.remoteAddress(), limits.idleTimeout())
                        : new InterleavedTransport()) {
            play(c, url, base, sdp, video, getParameter, pictures, sounds, transport);
        }
    }

    private void play(
            RtspConnection c,
            RtspUrl url,
            String base,
            SessionDescription sdp,
            SdpMedia video,
            boolean getParameter,
            Consumer<AccessUnit> pictures,
            Consumer<AacFrame> sounds,
            MediaTransport transport)
            throws IOException {
        RtspMessage.Response setup =
                c.request(
                        "SETUP",
                        ControlUrls.resolve(base, video.control()),
                        Map.of("Transport", transport.setupHeader(0)));
        requireSuccess("SETUP", setup);
        String sessionHeader =
                setup.header("Session")
                        .orElseThrow(() -> new RtspStatusException("SETUP gave no Session"));
        c.session(sessionHeader.split(";")[0].strip());
        long keepAliveNanos =
                Duration.ofSeconds(RtspConnection.sessionTimeoutSeconds(sessionHeader)).toNanos()
                        / 2;
        int[] channels = transport.accept(setup.header("Transport").orElse(""), 0);
        Optional<SdpMedia> audio = setupAudio(c, base, sdp, channels, transport);
        String sessionUrl =
                sdp.control().isEmpty() ? base : ControlUrls.resolve(base, sdp.control());
        requireSuccess("PLAY", c.request("PLAY", sessionUrl, Map.of("Range", "npt=0.000-")));
        playing = true;
        format = video.encoding().equals("H265") ? Format.H265 : Format.H264;
        playedUrl = sessionUrl;
        depacketizer = depacketizer(video, limits.maxAccessUnitBytes());
        ReceiverReports reports = new ReceiverReports(ThreadLocalRandom.current().nextInt());
        RtpReorder videoOrder = new RtpReorder();
        RtpReorder audioOrder = new RtpReorder();
        long lastKeepAlive = System.nanoTime();
        long lastReport = lastKeepAlive;
        while (!closed) {
            RtspMessage message = transport.next(c);
            long now = System.nanoTime();
            if (message instanceof RtspMessage.Interleaved frame
                    && frame.channel() == channels[0]) {
                RtpPacket.parse(frame.data(), 0, frame.data().length)
                        .filter(p -> p.payloadType() == video.payloadType())
                        .ifPresent(
                                p ->
                                        videoOrder.accept(
                                                p,
                                                q -> {
                                                    reports.received(q);
                                                    depacketizer.accept(q, pictures);
                                                }));
            } else if (message instanceof RtspMessage.Interleaved frame
                    && frame.channel() == channels[1]) {
                reports.rtcp(frame.data(), now);
            } else if (message instanceof RtspMessage.Interleaved frame
                    && frame.channel() == audioChannels[0]
                    && audio.isPresent()) {
                int audioType = audio.get().payloadType();
                RtpPacket.parse(frame.data(), 0, frame.data().length)
                        .filter(p -> p.payloadType() == audioType)
                        .ifPresent(
                                p ->
                                        audioOrder.accept(
                                                p, q -> audioDepacketizer.accept(q, sounds)));
            }
            if (now - lastKeepAlive > keepAliveNanos) {
                c.send(
                        getParameter ? "GET_PARAMETER" : "OPTIONS",
                        getParameter ? sessionUrl : url.url());
                lastKeepAlive = now;
            }
            if (now - lastReport > REPORT_INTERVAL_NANOS) {
                byte[] report = reports.report(now);
                if (report.length > 0) {
                    transport.send(c, channels[1], report);
                }
                lastReport = now;
            }
        }
    }

    private static NalDepacketizer depacketizer(SdpMedia video, int maxAccessUnitBytes) {
        return video.encoding().equals("H265")
                ? NalDepacketizer.h265(
                        video.fmtp("sprop-vps"),
                        video.fmtp("sprop-sps"),
                        video.fmtp("sprop-pps"),
                        maxAccessUnitBytes)
                : NalDepacketizer.h264(video.fmtp("sprop-parameter-sets"), maxAccessUnitBytes);
    }

    /**
     * Sets up the first AAC track of the description on the channels after the video's; empty (and
     * no audio) when there is none, its config is not understood or the camera refuses.
     */
    private Optional<SdpMedia> setupAudio(
            RtspConnection c,
            String base,
            SessionDescription sdp,
            int[] videoChannels,
            MediaTransport transport)
            throws IOException {
        Optional<SdpMedia> aac =
                sdp.first("MPEG4-GENERIC")
                        .filter(m -> m.fmtp("mode").toLowerCase(Locale.ROOT).startsWith("aac"));
        if (aac.isEmpty()) {
            return Optional.empty();
        }
        SdpMedia media = aac.get();
        Optional<AudioTrack> track =
                AudioTrack.fromHexConfig(media.fmtp("config"), media.clockRate());
        AacDepacketizer depacketizer;
        try {
            depacketizer = AacDepacketizer.of(media, limits.maxAccessUnitBytes());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (track.isEmpty()) {
            return Optional.empty();
        }
        int first = Math.max(videoChannels[0], videoChannels[1]) + 1;
        RtspMessage.Response setup =
                c.request(
                        "SETUP",
                        ControlUrls.resolve(base, media.control()),
                        Map.of("Transport", transport.setupHeader(first)));
        if (setup.status() < 200 || setup.status() >= 300) {
            return Optional.empty();
        }
        int[] chosen = transport.accept(setup.header("Transport").orElse(""), first);
        if (chosen[0] == videoChannels[0] || chosen[0] == videoChannels[1]) {
            return Optional.empty();
        }
        audioChannels = chosen;
        audioDepacketizer = depacketizer;
        audioTrack = track.get();
        return aac;
    }

    private static void requireSuccess(String method, RtspMessage.Response response)
            throws RtspStatusException {
        if (response.status() < 200 || response.status() >= 300) {
            throw new RtspStatusException(
                    method + " answered " + response.status() + " " + response.reason());
        }
    }

    private static String encodings(SessionDescription sdp) {
        return sdp.media().isEmpty()
                ? "nothing"
                : String.join(", ", sdp.media().stream().map(SdpMedia::encoding).toList());
    }

    /** Ends the pull: a blocked read fails at once; TEARDOWN is not waited for. */
    @Override
    public void close() {
        closed = true;
        RtspConnection c = connection;
        if (c != null) {
            String played = playedUrl;
            if (played != null) {
                c.teardown(played);
            }
            c.close();
        }
    }
}
