/** H.265 (HEVC) parameter sets: what a viewer needs from the SPS before decoding. */
package dev.camrelay.media.h265;
