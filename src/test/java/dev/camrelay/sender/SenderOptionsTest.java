package dev.camrelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.media.Quality;
import dev.camrelay.sender.SenderOptions.SourceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderOptionsTest {

    @Test
    void defaults() throws UsageException {
        SenderOptions options = SenderOptions.parse("--pattern", "--name", "cam1");
        CameraSettings camera = options.camera();
        assertEquals("127.0.0.1", camera.host());
        assertEquals(12345, camera.port());
        assertEquals("cam1", camera.name());
        assertNull(camera.legacyStreamNumber());
        assertEquals(Quality.HIGH, camera.quality());
        assertEquals(Framing.LENGTH, camera.framing());
        assertEquals(10, camera.fps());
        assertEquals(SourceKind.PATTERN, options.source());
        assertNull(options.path());
    }

    @Test
    void everyOptionInBothSpellings() throws UsageException {
        SenderOptions options =
                SenderOptions.parse(
                        "--host=relay.example",
                        "--port",
                        "9000",
                        "--name=yard",
                        "--quality",
                        "low",
                        "--framing=raw",
                        "--fps",
                        "25",
                        "--stdin");
        CameraSettings camera = options.camera();
        assertEquals("relay.example", camera.host());
        assertEquals(9000, camera.port());
        assertEquals("yard", camera.name());
        assertEquals(Quality.LOW, camera.quality());
        assertEquals(Framing.RAW, camera.framing());
        assertEquals(25, camera.fps());
        assertEquals(SourceKind.STDIN, options.source());
    }

    @Test
    void legacyStreamIsNamedByItsNumber() throws UsageException {
        CameraSettings camera = SenderOptions.parse("--legacy", "3", "--pattern").camera();
        assertEquals(3, camera.legacyStreamNumber());
        assertEquals("stream3", camera.name());
        assertTrue(camera.usesLegacyHandshake());
    }

    @Test
    void stdinIsUnpacedUnlessAskedOtherwise() throws UsageException {
        assertEquals(0, SenderOptions.parse("--stdin", "--name", "pipe").camera().fps());
    }

    @Test
    void directoryAndFileSources(@TempDir Path dir) throws IOException, UsageException {
        Path file = Files.write(dir.resolve("clip.mjpeg"), new byte[] {1});
        SenderOptions fromDir = SenderOptions.parse("--dir", dir.toString(), "--name", "d");
        assertEquals(SourceKind.DIRECTORY, fromDir.source());
        assertEquals(dir, fromDir.path());
        SenderOptions fromFile = SenderOptions.parse("--file", file.toString(), "--name", "f");
        assertEquals(SourceKind.FILE, fromFile.source());
        assertEquals(file, fromFile.path());
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertTrue(SenderOptions.wantsHelp("--pattern", "--help"));
        assertTrue(SenderOptions.wantsHelp("-h"));
        assertFalse(SenderOptions.wantsHelp("--pattern", "--name", "cam"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                        | choose a source",
                "--name cam                                | choose a source",
                "--pattern                                 | --name NAME",
                "--pattern --stdin --name cam              | one source only",
                "--pattern --name cam --legacy 2           | exclude each other",
                "--pattern --legacy 2 --framing raw        | needs the text handshake",
                "--pattern --name cam --quality medium     | low or high",
                "--pattern --name cam --framing chunked    | length or raw",
                "--pattern --name cam --port 0             | --port must be a whole number from 1 to 65535",
                "--pattern --name cam --port http          | --port must be a whole number",
                "--pattern --name cam --fps -1             | --fps must be a whole number from 0",
                "--pattern --name cam --fps 0              | only for --stdin",
                "--pattern --legacy -1                     | --legacy must be a whole number",
                "--pattern --name cam --colour red         | unknown option: --colour",
                "--pattern --name cam extra                | unexpected argument: extra",
                "--pattern --name                          | --name needs a value",
                "--name --pattern                          | --name needs a value",
                "--pattern=yes --name cam                  | takes no value",
                "--pattern --name bad/name                 | [A-Za-z0-9_-]",
                "--dir /nonexistent/camrelay --name cam    | not a directory",
                "--file /nonexistent/x.mjpeg --name cam    | not a readable file",
            })
    void badArgumentsSayWhatIsWrong(String line, String expected) {
        String[] args = line.isBlank() ? new String[0] : line.trim().split("\\s+");
        UsageException e = assertThrows(UsageException.class, () -> SenderOptions.parse(args));
        assertTrue(
                e.getMessage().contains(expected),
                () -> "message '" + e.getMessage() + "' should mention '" + expected + "'");
    }
}
