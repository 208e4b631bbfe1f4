package dev.camrelay.web.auth;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.web.auth.ViewGuard.Outcome;
import dev.camrelay.web.auth.ViewGuard.Verdict;
import dev.camrelay.web.auth.ViewPaths.Target;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * View auth, off unless {@code view.auth=true}. {@link #install} registers the filter
 * (first, on {@code /*}), {@code /login}, {@code /logout} and {@code /api/sign}. WebSocket upgrades
 * are checked at the handshake ({@link #recordHandshake}, from the endpoint's configurator) and
 * enforced by the endpoint ({@link #refusal}) before it attaches a viewer: Jetty's upgrade filter
 * may run before ours. Immutable after install.
 */
public final class ViewAuth {
    /** User property (per upgrade) under which the handshake's verdict is kept. */
    static final String VERDICT = ViewAuth.class.getName() + ".verdict";
    private static final Logger LOG = LoggerFactory.getLogger(ViewAuth.class);

    private final ViewGuard guard;
    private final String contextPath;

    private ViewAuth(ViewGuard guard, String contextPath) {
        this.guard = guard;
        this.contextPath = contextPath == null ? "" : contextPath;
    }

    /**
     * Installs view auth on the context when the config turns it on; call before any other
     * filter is registered. Returns null (and installs nothing) when it is off.
     */
    public static ViewAuth install(ServletContext context, RelayConfig config, StreamRegistry registry) {
        if (!config.viewAuth()) {
            return null;
        }
        ViewTokens tokens = new ViewTokens(config.viewSecret());
        ViewGuard guard = new ViewGuard(tokens,
                () -> registry.streams().stream().map(s -> s.key().name()).distinct().toList(),
                () -> System.currentTimeMillis() / 1000);
        FilterRegistration.Dynamic filter = context.addFilter("view-auth", new ViewAuthFilter(guard));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addServlet("view-login", new LoginServlet(guard, config.viewPassword(), LoginThrottle.standard()))
                .addMapping("/login", "/logout");
        context.addServlet("view-sign", new SignServlet(guard)).addMapping("/api/sign");
        LOG.info("view auth is on: streams, the dashboard, the API and metrics need a login or a signed token");
        return new ViewAuth(guard, context.getContextPath());
    }

    /**
     * For the endpoint configurator's {@code modifyHandshake}: checks the upgrade's session cookie
     * and {@code ?token=} (or bearer token) against the stream it asks for, and keeps the verdict in
     * the per-upgrade user properties, where {@link #refusal} finds it.
     */
    public void recordHandshake(ServerEndpointConfig config, HandshakeRequest request) {
        Verdict verdict;
        try {
            verdict = check(request);
        } catch (RuntimeException e) {
            LOG.debug("view auth: handshake check failed", e);
            verdict = new Verdict(Outcome.UNAUTHORIZED, "unauthorized");
        }
        config.getUserProperties().put(VERDICT, verdict);
    }

    private Verdict check(HandshakeRequest request) {
        URI uri = request.getRequestURI();
        String path = uri == null || uri.getPath() == null ? "" : uri.getPath();
        if (!contextPath.isEmpty() && !"/".equals(contextPath) && path.startsWith(contextPath)) {
            path = path.substring(contextPath.length());
        }
        Target target = ViewPaths.classify(path);
        if (target.kind() == ViewPaths.Kind.OPEN) {
            target = Target.ALL; // no WebSocket route is open
        }
        List<String> cookies = Credentials.sessionCookies(Credentials.header(request.getHeaders(), "Cookie"));
        List<String> tokens = Credentials.tokens(request.getParameterMap(), Credentials.header(request.getHeaders(), "Authorization"));
        return guard.check(target, cookies, tokens);
    }

    /**
     * For the endpoint's {@code onOpen}: null when the viewer may be attached, else the close
     * reason (4401 unauthorized, 4403 forbidden). With view auth on, an upgrade without a recorded
     * verdict is refused.
     */
    public static CloseReason refusal(boolean viewAuth, EndpointConfig config) {
        if (!viewAuth) {
            return null;
        }
        Object recorded = config == null ? null : config.getUserProperties().get(VERDICT);
        if (recorded instanceof Verdict verdict && verdict.allowed()) {
            return null;
        }
        Outcome outcome = recorded instanceof Verdict verdict ? verdict.outcome() : Outcome.UNAUTHORIZED;
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(outcome.closeCode()),
                outcome == Outcome.FORBIDDEN ? "forbidden" : "unauthorized");
    }
}
