package dev.camrelay.sender;

import dev.camrelay.media.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A raw MJPEG file (concatenated JPEGs) or an H.264 Annex B file played in a loop: at its end it is
 * read again from the start. An H.264 clip must start with a keyframe (SPS, PPS, IDR), as encoders
 * write them, so every pass starts decodably.
 */
public final class LoopingSource implements FrameSource {
    /** Opens the content afresh for each pass. */
    private interface Opener {
        InputStream open() throws IOException;
    }

    private final Opener opener;
    private final String description;
    private final Format format;
    private FrameReader reader;
    private boolean passHadFrames;

    private LoopingSource(Opener opener, String description, Format format) {
        this.opener = opener;
        this.description = description;
        this.format = format;
    }

    public static LoopingSource file(Path file, Format format) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("not a readable file: " + file);
        }
        return new LoopingSource(() -> Files.newInputStream(file), file.toString(), format);
    }

    /** A clip held in memory, e.g. one shipped on the classpath. */
    public static LoopingSource bytes(byte[] clip, String description, Format format) {
        return new LoopingSource(() -> new ByteArrayInputStream(clip), description, format);
    }

    @Override
    public byte[] next() throws IOException {
        while (true) {
            if (reader == null) {
                reader = new FrameReader(opener.open(), format);
                passHadFrames = false;
            }
            byte[] frame = reader.next();
            if (frame != null) {
                passHadFrames = true;
                return frame;
            }
            reader.close();
            reader = null;
            // without this a clip holding no whole frame would be reopened forever
            if (!passHadFrames) {
                throw new IOException(
                        "no complete " + format.wireName() + " frame in " + description);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
