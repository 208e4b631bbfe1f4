package dev.camrelay.sender;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loops over the {@code *.jpg}/{@code *.jpeg} files of a directory in name order, one file per
 * frame. The list is taken once; each file is read when its turn comes, so a long sequence does not
 * have to fit in memory.
 */
public final class DirectorySource implements FrameSource {
    private final List<Path> files;
    private int nextIndex;

    public DirectorySource(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            files =
                    entries.filter(Files::isRegularFile)
                            .filter(DirectorySource::isJpegName)
                            .sorted()
                            .toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no .jpg or .jpeg files in " + directory);
        }
    }

    @Override
    public byte[] next() throws IOException {
        Path file = files.get(nextIndex);
        nextIndex = (nextIndex + 1) % files.size();
        return Files.readAllBytes(file);
    }

    @Override
    public void close() {
        // nothing is held open between frames
    }

    private static boolean isJpegName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg");
    }
}
