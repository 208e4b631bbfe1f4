package dev.camrelay.web.auth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * {@code POST /login} (form field {@code password}): the right password sets the session cookie and
 * redirects to the dashboard; a wrong one is a 401 and counts against the address's budget, and an
 * address over budget gets 429 for a while (right password or not). {@code POST /logout} clears the
 * cookie. Shared by every request thread: immutable apart from the thread-safe throttle.
 */
final class LoginServlet extends HttpServlet {
    /** Where {@code login.html} wants its message; the page is served as is without one. */
    static final String ERROR_MARKER = "<!--login-error-->";

    static final Duration SESSION_LENGTH = Duration.ofHours(12);
    private static final String PAGE_SECURITY =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'";

    private final ViewGuard guard;
    private final byte[] passwordDigest;
    private final LoginThrottle throttle;

    LoginServlet(ViewGuard guard, String password, LoginThrottle throttle) {
        this.guard = guard;
        this.passwordDigest = sha256(password);
        this.throttle = throttle;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if ("/logout".equals(request.getServletPath())) {
            response.setHeader("Allow", "POST");
            ViewAuthFilter.sendText(
                    response,
                    HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "POST /logout to log out.\n");
            return;
        }
        redirect(request, response, "/login.html");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        // read the form on every path: a refusal that leaves the body unread makes Jetty close
        // the connection after the answer, which a client may already be reusing
        String given = request.getParameter("password");
        if ("cross-site".equals(request.getHeader("Sec-Fetch-Site"))) {
            ViewAuthFilter.sendText(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "Forbidden: cross-site login or logout.\n");
            return;
        }
        if ("/logout".equals(request.getServletPath())) {
            response.addHeader("Set-Cookie", cookie("", 0, request.isSecure()));
            redirect(request, response, "/login.html");
            return;
        }
        String address = request.getRemoteAddr();
        long retryAfter = throttle.retryAfterSeconds(address);
        if (retryAfter > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
            page(
                    request,
                    response,
                    429,
                    "Too many wrong passwords from your address. Try again in a minute.");
            return;
        }
        if (given != null && MessageDigest.isEqual(passwordDigest, sha256(given))) {
            long maxAge = SESSION_LENGTH.toSeconds();
            String session = guard.tokens().sign(ViewTokens.SESSION, guard.now() + maxAge);
            response.addHeader("Set-Cookie", cookie(session, maxAge, request.isSecure()));
            redirect(request, response, "/");
            return;
        }
        throttle.failed(address);
        page(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Wrong password.");
    }

    private static String cookie(String value, long maxAge, boolean secure) {
        return Credentials.SESSION_COOKIE
                + "="
                + value
                + "; Path=/; Max-Age="
                + maxAge
                + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static void redirect(
            HttpServletRequest request, HttpServletResponse response, String path) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + path);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(0);
    }

    /**
     * The login page again with a message (its static copy has none), or plain text when the page
     * is missing.
     */
    private void page(
            HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        String html = null;
        try (InputStream in = getServletContext().getResourceAsStream("/login.html")) {
            if (in != null) {
                html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (html == null || !html.contains(ERROR_MARKER)) {
            ViewAuthFilter.sendText(response, status, message + "\n");
            return;
        }
        // the message is one of this class's constants: nothing from the request reaches the page
        html = html.replace(ERROR_MARKER, "<p class=\"error\" role=\"alert\">" + message + "</p>");
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", PAGE_SECURITY);
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
