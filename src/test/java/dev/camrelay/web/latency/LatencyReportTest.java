package dev.camrelay.web.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyReportTest {
    @Test
    void parsesWhatThePageSends() {
        assertEquals(
                new LatencyReport(12.5, 20.1, 287),
                LatencyReport.parse("{\"p50\":12.5,\"p90\":20.1,\"n\":287}"));
        assertEquals(
                new LatencyReport(0, 60_000, 1),
                LatencyReport.parse("{\"n\":1,\"p90\":60000,\"p50\":0}"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "hello",
                "[1,2]",
                "{\"p50\":1,\"p90\":2}",
                "{\"p50\":\"1\",\"p90\":2,\"n\":3}",
                "{\"p50\":-1,\"p90\":2,\"n\":3}",
                "{\"p50\":1,\"p90\":60001,\"n\":3}",
                "{\"p50\":5,\"p90\":2,\"n\":3}",
                "{\"p50\":1,\"p90\":2,\"n\":0}",
                "{\"p50\":1,\"p90\":2,\"n\":2.5}",
                "{\"p50\":1,\"p90\":2,\"n\":100001}",
                "{\"p50\":1e999,\"p90\":2,\"n\":3}",
                "{\"p50\":1,\"p90\":2,\"n\":3"
            })
    void refusesAnythingElseWithAMessage(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LatencyReport.parse(text));
        assertTrue(e.getMessage().matches(".*(p50|p90|n|report).*"), e.getMessage());
    }

    @Test
    void relayClockIsMicrosecondsOnOneTimeline() {
        long nanos = System.nanoTime();
        assertEquals(1000, RelayClock.micros(nanos + 1_000_000) - RelayClock.micros(nanos));
        long wallMicros = System.currentTimeMillis() * 1000;
        assertTrue(Math.abs(RelayClock.nowMicros() - wallMicros) < 60_000_000L, "near the epoch");
    }
}
