package dev.camrelay.media.mp4;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Debian's ffprobe as the judge of a muxed file: what it prints, and what it complains about. */
final class Ffprobe {
    /** What one run printed on stdout and on stderr. */
    record Result(String out, String err) {
        List<String> lines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\\R"));
        }
    }

    private Ffprobe() {}

    /** Runs {@code ffprobe -v error} with {@code options} on {@code file}. */
    static Result run(Path file, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(options));
        command.add(file.toString());
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return p.getErrorStream().readAllBytes();
                            } catch (IOException e) {
                                return e.toString().getBytes(StandardCharsets.UTF_8);
                            }
                        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffprobe did not finish: " + command);
        }
        return new Result(out, new String(err.join(), StandardCharsets.UTF_8));
    }
}
