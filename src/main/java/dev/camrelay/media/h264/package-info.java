/**
 * H.264 Annex B parsing: NAL units, SPS/PPS, and the assembler that cuts a byte stream into whole
 * access units (pictures).
 *
 * <p><b>Latency with length framing.</b> An access unit is normally known complete only when the
 * next one begins, one picture late. {@code AccessUnitAssembler.endOfFrame} lets a length-framed
 * sender save that wait if it puts whole pictures in its frames, which the assembler learns from
 * what arrives (see {@link FrameAlignment}): once aligned, the end of a frame ends its last NAL
 * unit and emits its picture at once, so a NAL unit may no longer span frames. A sender that turns
 * out not to be aligned (for one NAL unit per frame and several slices per picture, the second
 * slice shows it) is treated as a raw stream from then on; if that shows only after alignment was
 * learnt, the picture that was cut has already gone out, and the rest of it is dropped.
 */
package dev.camrelay.media.h264;
