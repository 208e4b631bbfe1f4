/**
 * Fragmented MP4 (ISO/IEC 14496-12, with 14496-15 for H.264) for live delivery to Media Source
 * Extensions: an init segment per set of parameter sets, then one {@code moof}+{@code mdat} per
 * picture. Pure: values in, bytes out, no I/O. The box writer is our own, a few hundred lines,
 * because the Java MP4 libraries build whole files or movie objects rather than one fragment at a
 * time (see docs/FMP4.md).
 */
package dev.camrelay.media.mp4;
