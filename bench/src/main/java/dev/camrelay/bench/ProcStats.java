package dev.camrelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's CPU time and memory from /proc (Linux only; 0 / null elsewhere or for pid <=
 * 0).
 */
final class ProcStats {

    private ProcStats() {}

    /**
     * {utime+stime, stime} in clock ticks (USER_HZ, 100 on Linux): the kernel's share tells how
     * much a user-space change can win.
     */
    static long[] cpuTicks(long pid) {
        if (pid <= 0) return new long[] {0, 0};
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name in (...) may contain spaces: count fields from the last ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {
                Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[12])
            };
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * Ticks the hypervisor took from this machine's CPUs (steal, the 8th value of /proc/stat's
     * {@code cpu} line), summed over all CPUs: on a shared VM it is what makes a run noisy.
     */
    static long stealTicks() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/stat")))
                if (l.startsWith("cpu ")) return Long.parseLong(l.trim().split("\\s+")[8]);
        } catch (IOException | RuntimeException ignored) {
        }
        return 0;
    }

    static String procStatus(long pid, String key) {
        if (pid <= 0) return null;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (l.startsWith(key + ":")) return l.substring(key.length() + 1).trim();
        } catch (IOException ignored) {
        }
        return null;
    }
}
