package dev.camrelay.web.latency;

/**
 * What the viewers of one stream report, as {@code /api/streams} shows it: how many viewers
 * reported within the expiry, the median of their p50s, the highest of their p90s, and the reports
 * accepted and refused (malformed or too frequent) while any viewer was reporting.
 */
public record ViewerLatency(
        int viewers, double medianP50Ms, double worstP90Ms, long reports, long rejected) {}
