package dev.camrelay.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original server's route {@code /stream<N>}: plain GETs are served as MJPEG. A servlet mapping
 * cannot express "stream followed by digits", hence a filter; anything else passes on.
 */
final class LegacyStreamFilter extends HttpFilter {
    private static final Pattern LEGACY = Pattern.compile("/(stream[0-9]{1,5})");

    private final MjpegServlet mjpeg;

    LegacyStreamFilter(MjpegServlet mjpeg) {
        this.mjpeg = mjpeg;
    }

    @Override
    protected void doFilter(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Matcher m =
                LEGACY.matcher(
                        request.getRequestURI().substring(request.getContextPath().length()));
        // only a WebSocket upgrade goes on to the endpoint; other Upgrade headers (h2c) are plain
        // GETs here
        if (m.matches()
                && "GET".equals(request.getMethod())
                && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            mjpeg.serve(m.group(1), request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
