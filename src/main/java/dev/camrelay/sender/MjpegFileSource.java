package dev.camrelay.sender;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A raw MJPEG file (concatenated JPEGs) played in a loop: at its end it is read again from the start. */
public final class MjpegFileSource implements FrameSource {
    private final Path file;
    private JpegStreamReader reader;
    private boolean passHadFrames;

    public MjpegFileSource(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("not a readable file: " + file);
        }
        this.file = file;
    }

    @Override
    public byte[] next() throws IOException {
        while (true) {
            if (reader == null) {
                reader = new JpegStreamReader(Files.newInputStream(file));
                passHadFrames = false;
            }
            byte[] jpeg = reader.next();
            if (jpeg != null) {
                passHadFrames = true;
                return jpeg;
            }
            reader.close();
            reader = null;
            // without this a file holding no whole JPEG would be reopened forever
            if (!passHadFrames) {
                throw new IOException("no complete JPEG in " + file);
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
