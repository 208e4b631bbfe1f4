package dev.camrelay.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers every response carries: no MIME sniffing (a text/plain error naming a stream can never be
 * run as HTML), no framing by other sites, no referrer leaking signed URLs, and a Content Security
 * Policy for the dashboard: its own scripts only, WebSockets and blob: images of its own origin,
 * workers for Broadway, WebAssembly for jsmpeg, nothing inline but the one stylesheet jsmpeg's
 * player script injects as it loads (allowed by its hash, and the empty style element it starts
 * from), so the page logs no violation.
 */
final class SecurityHeadersFilter extends HttpFilter {
    /** SHA-256 of the CSS @cycjimmy/jsmpeg-player 6.1.2 injects (checked against the file). */
    static final String JSMPEG_STYLE_HASH = "sha256-lRyplcblLyRa4o+ZUBNzXETDGwKXzgKgrWbiYOwfTLg=";

    static final String EMPTY_STYLE_HASH = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                    + "worker-src 'self' blob:; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self' ws: wss:; "
                    + "style-src 'self' '"
                    + JSMPEG_STYLE_HASH
                    + "' '"
                    + EMPTY_STYLE_HASH
                    + "'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilter(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }
}
