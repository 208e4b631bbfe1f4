package dev.camrelay.web;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Jetty's own {@code HttpOutput.write(ByteBuffer)}, which Servlet 6.0 lacks: a direct buffer goes
 * to the socket in one write, with no copy, no slicing into output-buffer-sized pieces and no
 * aggregate buffer held by the response (its {@code write(byte[])} does all three, and needs a
 * flush after each part). In async mode it behaves like {@code write(byte[])}: {@code isReady()}
 * says whether it completed. Used when the relay runs on its embedded Jetty; under
 * {@code mvn jetty:run} the container hides its classes from the webapp and viewers fall back
 * to the portable servlet path. This class is loaded only after that check, so the reference
 * to {@code HttpOutput} never has to resolve where it cannot.
 */
final class BufferOutput {
    private static final boolean AVAILABLE = JettyClasses.visible(BufferOutput.class, "org.eclipse.jetty.ee10.servlet.HttpOutput");

    private final HttpOutput out;

    private BufferOutput(HttpOutput out) {
        this.out = out;
    }

    /** The buffer-taking output of this response, when the container lets us see it. */
    static Optional<BufferOutput> of(ServletOutputStream out) {
        return AVAILABLE && out instanceof HttpOutput jetty ? Optional.of(new BufferOutput(jetty)) : Optional.empty();
    }

    /** Writes the buffer's remaining bytes (blocking before async starts, else as {@code write(byte[])} would). */
    void write(ByteBuffer buffer) throws IOException {
        out.write(buffer);
    }
}
