package dev.camrelay.web.latency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one viewer measured over its last report interval: the median and 90th percentile of its
 * relay-to-screen latency in milliseconds, over {@code samples} painted frames.
 */
public record LatencyReport(double p50Ms, double p90Ms, int samples) {
    /** Larger than any latency worth showing: a viewer this far behind is not live. */
    static final double MAX_MS = 60_000;

    /** More than a report interval can paint at any frame rate a camera sends. */
    static final int MAX_SAMPLES = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    public LatencyReport {
        if (!inRange(p50Ms) || !inRange(p90Ms)) {
            throw new IllegalArgumentException("p50 and p90 must be numbers from 0 to " + MAX_MS);
        }
        if (p50Ms > p90Ms) {
            throw new IllegalArgumentException("p50 must not exceed p90");
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("n must be a whole number from 1 to " + MAX_SAMPLES);
        }
    }

    /**
     * Parses {@code {"p50":12.5,"p90":20.1,"n":287}}; throws {@link IllegalArgumentException} with
     * a message fit for the sender when the text is anything else.
     */
    public static LatencyReport parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a report is a JSON object {\"p50\",\"p90\",\"n\"}");
        }
        JsonNode p50 = node.get("p50");
        JsonNode p90 = node.get("p90");
        JsonNode n = node.get("n");
        if (p50 == null || !p50.isNumber() || p90 == null || !p90.isNumber()) {
            throw new IllegalArgumentException("p50 and p90 must be numbers (milliseconds)");
        }
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("n must be a whole number of samples");
        }
        return new LatencyReport(p50.doubleValue(), p90.doubleValue(), n.intValue());
    }

    private static boolean inRange(double ms) {
        return Double.isFinite(ms) && ms >= 0 && ms <= MAX_MS;
    }
}
