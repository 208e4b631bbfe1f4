package dev.camrelay.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RtspUrlTest {
    @Test
    void credentialsAreTakenOutOfTheUrl() {
        RtspUrl url =
                RtspUrl.parse(
                        "rtsp://admin:p%40ss:w@192.168.1.64:8554/Streaming/Channels/101?transportmode=unicast");
        assertEquals(
                "rtsp://192.168.1.64:8554/Streaming/Channels/101?transportmode=unicast", url.url());
        assertEquals("192.168.1.64", url.host());
        assertEquals(8554, url.port());
        assertEquals(new Credentials("admin", "p@ss:w"), url.credentials());
        assertFalse(url.toString().contains("admin"));
    }

    @Test
    void defaultPortAndPathAndNoCredentials() {
        RtspUrl url = RtspUrl.parse("rtsp://cam.local");
        assertEquals("rtsp://cam.local/", url.url());
        assertEquals(554, url.port());
        assertEquals(Credentials.NONE, url.credentials());
    }

    @Test
    void redirectsKeepTheCredentialsUnlessTheyNameTheirOwn() {
        RtspUrl url = RtspUrl.parse("rtsp://u:p@a/x");
        assertEquals(new Credentials("u", "p"), url.redirect("rtsp://b:10554/y").credentials());
        assertEquals("rtsp://b:10554/y", url.redirect("rtsp://b:10554/y").url());
        assertEquals(new Credentials("v", "q"), url.redirect("rtsp://v:q@b/y").credentials());
    }

    @Test
    void rejectsOtherSchemesAndBrokenUrls() {
        assertThrows(IllegalArgumentException.class, () -> RtspUrl.parse("http://cam/x"));
        assertThrows(IllegalArgumentException.class, () -> RtspUrl.parse("rtsp://a b/x"));
        assertThrows(IllegalArgumentException.class, () -> RtspUrl.parse("rtsp:///x"));
    }
}
