package dev.camrelay.media.h264;

import java.util.Objects;

/**
 * One whole coded picture: every NAL unit of an H.264 access unit, each preceded by a 4-byte start
 * code {@code 00 00 00 01}, ready to send as one WebSocket message or to feed a decoder.
 *
 * <p>{@code annexB} is handed over, not copied: the assembler never touches it again, and every
 * holder must treat it as read-only, since it is shared with all viewers (it can become a {@code
 * Frame} payload as is). As with any record holding an array, {@code equals} compares the array's
 * identity, not its contents.
 *
 * @param annexB the access unit in Annex-B form
 * @param idr whether it holds an IDR slice (NAL type 5): a viewer can start decoding here
 * @param nalCount how many NAL units {@code annexB} holds
 */
public record AccessUnit(byte[] annexB, boolean idr, int nalCount) {
    public AccessUnit {
        Objects.requireNonNull(annexB, "annexB");
    }
}
