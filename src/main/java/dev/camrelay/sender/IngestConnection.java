package dev.camrelay.sender;

import dev.camrelay.media.Quality;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One TCP connection to the relay's ingest port, speaking the wire format of DESIGN §3. The camera
 * thread opens it and sends on it; {@link #close()} may come from any thread, and is how another
 * thread unblocks a connect or a write stuck on a stalled relay.
 */
final class IngestConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    /**
     * The relay allows 5 s for the whole handshake, so a longer wait for its answer is pointless.
     */
    private static final int ANSWER_TIMEOUT_MILLIS = 5_000;

    /** The relay's handshake lines are at most 1 KiB; a longer answer is not our protocol. */
    private static final int MAX_ANSWER_BYTES = 1024;

    private static final int WRITE_BUFFER_BYTES = 64 * 1024;

    private final CameraSettings settings;
    private final Socket socket = new Socket();
    private OutputStream out;

    IngestConnection(CameraSettings settings) {
        this.settings = settings;
    }

    /**
     * Connects and completes the handshake; throws {@link HandshakeRejectedException} on {@code
     * ERR}.
     */
    void open() throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(
                new InetSocketAddress(settings.host(), settings.port()), CONNECT_TIMEOUT_MILLIS);
        out = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER_BYTES);
        if (settings.usesLegacyHandshake()) {
            out.write(legacyHeader(settings));
            out.flush();
            return; // the original server never answers the binary header
        }
        out.write(textHandshake(settings).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
        String answer = readLine(socket.getInputStream());
        if (answer.startsWith("ERR")) {
            throw new HandshakeRejectedException(answer);
        }
        if (!answer.equals("OK")) {
            throw new IOException("unexpected handshake answer: " + answer);
        }
    }

    /** Sends one frame and flushes it, so a frame never waits in our buffer for the next one. */
    void send(byte[] frame) throws IOException {
        if (settings.framing() == Framing.LENGTH) {
            writeIntLittleEndian(out, frame.length);
        }
        out.write(frame);
        out.flush();
    }

    /**
     * Ends the stream cleanly: a zero length with length framing, else just the end of our output.
     */
    void finish() throws IOException {
        if (settings.framing() == Framing.LENGTH) {
            writeIntLittleEndian(out, 0);
        }
        out.flush();
        socket.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release: the socket is gone either way
        }
    }

    /**
     * Three little-endian int32: stream number, type, quality, exactly as the original Go server
     * reads them.
     */
    static byte[] legacyHeader(CameraSettings settings) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(settings.legacyStreamNumber())
                .putInt(settings.format().legacyType())
                .putInt(settings.quality() == Quality.HIGH ? 1 : 0)
                .array();
    }

    static String textHandshake(CameraSettings settings) {
        return "STREAM "
                + settings.name()
                + " "
                + settings.format().wireName()
                + " quality="
                + settings.quality().wireName()
                + " framing="
                + settings.framing().wireName()
                + (settings.token() == null ? "" : " token=" + settings.token())
                + "\n";
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() <= MAX_ANSWER_BYTES) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(
                        "relay closed the connection before answering the handshake");
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).strip();
            }
            line.write(b);
        }
        throw new IOException("handshake answer longer than " + MAX_ANSWER_BYTES + " bytes");
    }

    private static void writeIntLittleEndian(OutputStream out, int value) throws IOException {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
