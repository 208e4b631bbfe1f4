package dev.camrelay.web;

import dev.camrelay.media.Demuxer;
import dev.camrelay.stream.Publication;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one HTTP push body as it arrives and publishes its frames. The container calls these
 * callbacks one at a time, so this object has one owner at any moment: the thread of the current
 * callback.
 */
final class PushReader implements ReadListener {
    private static final Logger LOG = LoggerFactory.getLogger(PushReader.class);
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private final AsyncContext async;
    private final ServletInputStream body;
    private final HttpServletResponse response;
    private final Publication publication;
    private final Demuxer demuxer;
    private final long maxGarbageBytes;
    private final byte[] chunk = new byte[READ_CHUNK_BYTES];
    private long garbageAtLastFrame;
    private long frames;
    private String failure;

    PushReader(
            AsyncContext async,
            ServletInputStream body,
            HttpServletResponse response,
            Publication publication,
            Demuxer demuxer,
            long maxGarbageBytes) {
        this.async = async;
        this.body = body;
        this.response = response;
        this.publication = publication;
        this.demuxer = demuxer;
        this.maxGarbageBytes = maxGarbageBytes;
        LOG.info("camera {} pushing over HTTP", publication.stream().key());
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (failure == null && body.isReady()) {
            int read = body.read(chunk);
            if (read < 0) {
                return;
            }
            demuxer.feed(chunk, 0, read, this::publish);
            if (demuxer.garbageBytes() - garbageAtLastFrame > maxGarbageBytes) {
                failure = "more than " + maxGarbageBytes + " bytes without a frame";
            }
        }
        if (failure != null) {
            finish(HttpServletResponse.SC_BAD_REQUEST, failure);
        }
    }

    @Override
    public void onAllDataRead() throws IOException {
        finish(HttpServletResponse.SC_OK, "stream ended after " + frames + " frames");
    }

    /**
     * The body broke off: malformed chunked framing, or the peer went away. Answered 400 while the
     * response is still open (a gone peer never reads it); the connection is closed either way.
     */
    @Override
    public void onError(Throwable error) {
        LOG.debug("HTTP push of {} failed", publication.stream().key(), error);
        publication.end();
        if (!response.isCommitted()) {
            try {
                response.setHeader("Connection", "close");
                StreamLookup.sendText(
                        response, HttpServletResponse.SC_BAD_REQUEST, "malformed request body\n");
            } catch (IOException | RuntimeException e) {
                LOG.debug("answering the failed HTTP push of {}", publication.stream().key(), e);
            }
        }
        async.complete();
    }

    private void publish(byte[] payload, boolean keyframe) {
        garbageAtLastFrame = demuxer.garbageBytes();
        if (failure != null) {
            return;
        }
        if (!publication.publish(payload, keyframe)) {
            failure = "another connection took over " + publication.stream().key();
            return;
        }
        frames++;
        if (keyframe) {
            demuxer.picture()
                    .ifPresent(p -> publication.describe(p.width(), p.height(), p.codec()));
        }
    }

    private void finish(int status, String message) throws IOException {
        publication.end();
        LOG.info("camera {} HTTP push ended: {}", publication.stream().key(), message);
        if (!response.isCommitted()) {
            StreamLookup.sendText(response, status, message + "\n");
        }
        async.complete();
    }
}
