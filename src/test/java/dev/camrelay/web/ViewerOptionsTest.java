package dev.camrelay.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewerOptionsTest {
    @Test
    void formatFmp4IsAskedForByNameOnly() {
        assertTrue(ViewerOptions.from(Map.of("format", List.of("fmp4"))).fmp4());
        assertTrue(
                ViewerOptions.fromServletParameters(Map.of("format", new String[] {"fmp4"}))
                        .fmp4());
        assertFalse(ViewerOptions.from(Map.of()).fmp4());
        assertFalse(ViewerOptions.from(Map.of("format", List.of("mp4"))).fmp4());
    }
}
