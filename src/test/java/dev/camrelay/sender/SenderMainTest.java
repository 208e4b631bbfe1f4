package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SenderMainTest {

    @Test
    void eachSourceOptionOpensItsKindOfSource(@TempDir Path dir) throws Exception {
        try (TestPattern pattern = new TestPattern("main", 32, 32)) {
            Files.write(dir.resolve("1.jpg"), pattern.nextJpeg());
        }
        Path clip = Files.copy(dir.resolve("1.jpg"), dir.resolve("clip.mjpeg"));
        assertOpens(PatternSource.class, "--pattern", "--name", "p");
        assertOpens(DirectorySource.class, "--dir", dir.toString(), "--name", "d");
        assertOpens(LoopingSource.class, "--file", clip.toString(), "--name", "f");
    }

    @Test
    void usageNamesEveryOption() {
        for (String option :
                new String[] {
                    "--host",
                    "--port",
                    "--name",
                    "--legacy",
                    "--quality",
                    "--framing",
                    "--fps",
                    "--pattern",
                    "--dir",
                    "--file",
                    "--stdin",
                    "--help"
                }) {
            assertTrue(SenderMain.USAGE.contains(option), option);
        }
    }

    private static void assertOpens(Class<? extends FrameSource> expected, String... args)
            throws IOException, UsageException {
        try (FrameSource source = SenderMain.openSource(SenderOptions.parse(args))) {
            assertInstanceOf(expected, source);
            assertTrue(source.next().length > 0);
        }
    }
}
