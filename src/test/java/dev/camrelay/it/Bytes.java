package dev.camrelay.it;

/** Byte-array searches the tests share. */
final class Bytes {
    private Bytes() {}

    /** Where {@code pattern} first occurs in {@code data}, or -1. */
    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
