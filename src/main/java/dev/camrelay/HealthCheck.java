package dev.camrelay;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The container health probe: GETs {@code /readyz} of the relay in the same container and exits 0
 * on 200, 1 on anything else (Docker reserves exit code 2, so it is never used). A JRE image has no
 * curl; this needs only {@code java.base}, so it runs as {@code java -cp /app/camrelay.jar
 * dev.camrelay.HealthCheck [url]} without loading Jetty or the logging backend, or as {@code java
 * -jar camrelay.jar healthcheck [url]}.
 *
 * <p>The URL defaults to {@code http://127.0.0.1:$CAMRELAY_HTTP_PORT/readyz} (port 8080 when the
 * variable is unset). One line goes to stdout, which {@code docker inspect} shows as the probe's
 * output. Each probe uses one short-lived worker thread whose result is handed over through an
 * {@link AtomicReference}; nothing else is shared.
 */
public final class HealthCheck {
    /** The whole probe (connect, request, response body) must finish within this. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    static final String PORT_ENV = "CAMRELAY_HTTP_PORT";
    static final int DEFAULT_PORT = 8080;
    private static final int MAX_BODY_CHARS = 200;

    private HealthCheck() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** Parses the arguments, probes, prints one line, and returns the exit status (0 or 1). */
    public static int run(String[] args, Map<String, String> env, PrintStream out) {
        boolean help = args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
        if (help || args.length > 1) {
            out.println(
                    "usage: healthcheck [URL]  (default http://127.0.0.1:$"
                            + PORT_ENV
                            + "/readyz, port "
                            + DEFAULT_PORT
                            + " if unset); exit 0 on HTTP 200, else 1");
            return help ? 0 : 1;
        }
        URI target;
        try {
            target = args.length == 1 ? URI.create(args[0]) : defaultTarget(env);
            if (!"http".equalsIgnoreCase(target.getScheme())
                    && !"https".equalsIgnoreCase(target.getScheme())) {
                throw new IllegalArgumentException("not an http(s) URL: " + target);
            }
        } catch (IllegalArgumentException e) {
            out.println("unhealthy: " + e.getMessage());
            return 1;
        }
        return check(target, TIMEOUT, out);
    }

    /** {@code http://127.0.0.1:<port>/readyz} with the port from {@code CAMRELAY_HTTP_PORT}. */
    static URI defaultTarget(Map<String, String> env) {
        String raw = env.get(PORT_ENV);
        int port = DEFAULT_PORT;
        if (raw != null && !raw.isBlank()) {
            try {
                port = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PORT_ENV + "='" + raw + "' is not a port");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        PORT_ENV + "=" + port + " cannot be probed (pass the URL instead)");
            }
        }
        return URI.create("http://127.0.0.1:" + port + "/readyz");
    }

    /**
     * GETs {@code target}: 0 if it answers 200 within {@code timeout}, 1 otherwise; prints one
     * line.
     */
    public static int check(URI target, Duration timeout, PrintStream out) {
        // HttpURLConnection, not java.net.http.HttpClient: the client builds the default SSLContext
        // even for plain http, which doubles this JVM's start time and adds ~20 MB, every probe.
        // The request runs on a daemon thread so the deadline covers connect, headers and body.
        AtomicReference<String> result = new AtomicReference<>();
        AtomicReference<HttpURLConnection> open = new AtomicReference<>();
        Thread worker =
                new Thread(
                        () -> result.set(request(target, timeout, open)), "camrelay-healthcheck");
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String line = result.get();
        if (line == null) {
            HttpURLConnection connection = open.get();
            if (connection != null) {
                connection.disconnect();
            }
            out.println(
                    "unhealthy: "
                            + target
                            + " did not answer within "
                            + timeout.toMillis()
                            + " ms");
            return 1;
        }
        out.println(line);
        return line.startsWith("healthy: ") ? 0 : 1;
    }

    private static String request(
            URI target, Duration timeout, AtomicReference<HttpURLConnection> open) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
            open.set(connection);
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Connection", "close");
            int status = connection.getResponseCode();
            InputStream stream =
                    status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = stream == null ? "" : oneLine(readSome(stream));
            return (status == 200 ? "healthy: " : "unhealthy: ")
                    + target
                    + " "
                    + status
                    + (body.isEmpty() ? "" : " " + body);
        } catch (IOException | IllegalArgumentException e) {
            return "unhealthy: " + target + ": " + describe(e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static String readSome(InputStream stream) throws IOException {
        try (stream) {
            byte[] bytes = stream.readNBytes(MAX_BODY_CHARS + 1);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String describe(Throwable error) {
        if (error instanceof ConnectException && error.getMessage() == null) {
            return "connection refused";
        }
        String message = error.getMessage();
        String type = error.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + " " + oneLine(message);
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() <= MAX_BODY_CHARS ? flat : flat.substring(0, MAX_BODY_CHARS) + "...";
    }
}
