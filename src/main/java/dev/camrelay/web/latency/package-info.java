/**
 * The latency badge's relay side. A viewer that asks {@code ?stamps=1} gets, before each frame's
 * binary message, a text message with the frame's arrival on the {@link
 * dev.camrelay.web.latency.RelayClock}; the page measures its clock offset against {@code
 * /api/time} and sends back aggregated reports, which {@link dev.camrelay.web.latency.LatencyBoard}
 * keeps for {@code /api/streams}. Design: docs/LATENCY.md.
 */
package dev.camrelay.web.latency;
