package dev.camrelay.web.auth;

import dev.camrelay.config.RelayConfig;
import dev.camrelay.stream.StreamRegistry;
import dev.camrelay.web.auth.ViewGuard.Outcome;
import dev.camrelay.web.auth.ViewGuard.Verdict;
import dev.camrelay.web.auth.ViewPaths.Target;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * View auth, off unless {@code view.auth=true}. {@link #install} registers the filter (first, on
 * {@code /*}), {@code /login}, {@code /logout} and {@code /api/sign}. WebSocket upgrades are
 * checked by the upgrade decision ({@link #checkUpgrade}), which refuses them with 401 or 403
 * before anything is upgraded. Immutable after install.
 */
public final class ViewAuth {
    private static final Logger LOG = LoggerFactory.getLogger(ViewAuth.class);

    private final ViewGuard guard;

    private ViewAuth(ViewGuard guard) {
        this.guard = guard;
    }

    /**
     * Installs view auth on the context when the config turns it on; call before any other filter
     * is registered. Returns null (and installs nothing) when it is off.
     */
    public static ViewAuth install(
            ServletContext context, RelayConfig config, StreamRegistry registry) {
        if (!config.viewAuth()) {
            return null;
        }
        ViewTokens tokens = new ViewTokens(config.viewSecret());
        ViewGuard guard =
                new ViewGuard(
                        tokens,
                        () ->
                                registry.streams().stream()
                                        .map(s -> s.key().name())
                                        .distinct()
                                        .toList(),
                        () -> System.currentTimeMillis() / 1000);
        FilterRegistration.Dynamic filter =
                context.addFilter("view-auth", new ViewAuthFilter(guard));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addServlet(
                        "view-login",
                        new LoginServlet(guard, config.viewPassword(), LoginThrottle.standard()))
                .addMapping("/login", "/logout");
        context.addServlet("view-sign", new SignServlet(guard)).addMapping("/api/sign");
        LOG.info(
                "view auth is on: streams, the dashboard, the API and metrics need a login or a signed token");
        return new ViewAuth(guard);
    }

    /**
     * For the WebSocket upgrade decision, before anything is upgraded: the verdict on the upgrade's
     * session cookie and {@code ?token=} (or bearer token) for the stream it asks for. The upgrade
     * filter runs before {@link ViewAuthFilter}, so upgrades are checked here.
     */
    public Verdict checkUpgrade(HttpServletRequest request) {
        try {
            Target target = ViewPaths.classify(Credentials.path(request));
            if (target.kind() == ViewPaths.Kind.OPEN) {
                target = Target.ALL; // no WebSocket route is open
            }
            return guard.check(
                    target, Credentials.sessionCookies(request), Credentials.tokens(request));
        } catch (RuntimeException e) {
            LOG.debug("view auth: upgrade check failed", e);
            return new Verdict(Outcome.UNAUTHORIZED, "Unauthorized: invalid token or session.");
        }
    }
}
