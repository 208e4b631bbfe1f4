package dev.camrelay;

import dev.camrelay.config.ConfigException;
import dev.camrelay.config.ConfigKey;
import dev.camrelay.config.ConfigLoader;
import dev.camrelay.config.RelayConfig;
import dev.camrelay.sender.SenderMain;
import java.net.BindException;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar camrelay.jar [--key=value...]} runs the relay; {@code java -jar camrelay.jar
 * send ...} runs the camera sender; {@code --help} lists every configuration key.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("send")) {
            SenderMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("healthcheck")) {
            System.exit(
                    HealthCheck.run(
                            Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out));
        }
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(
                    "usage: java -jar camrelay.jar [--key=value ...]\n       java -jar camrelay.jar send --help\n");
            System.out.print(ConfigLoader.help());
            return;
        }
        RelayConfig config;
        try {
            config = ConfigLoader.fromProcess(Map.<ConfigKey, String>of(), args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            EmbeddedServer server = EmbeddedServer.start(config);
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            server.close();
                                        } catch (Exception e) {
                                            LOG.warn("error while stopping", e);
                                        }
                                    },
                                    "camrelay-shutdown"));
            LOG.info(
                    "camrelay ready: dashboard http://localhost:{}/  cameras tcp://{}:{}",
                    server.httpPort(),
                    config.ingestHost(),
                    server.ingestPort());
        } catch (Exception e) {
            BindException taken = takenPort(e);
            if (taken != null) {
                LOG.error("camrelay failed to start: {}", taken.getMessage());
            } else {
                LOG.error("camrelay failed to start", e);
            }
            System.exit(1);
        }
    }

    /**
     * The port the start failed on, when that was the cause: its message names the port and the
     * fix.
     */
    private static BindException takenPort(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }
}
