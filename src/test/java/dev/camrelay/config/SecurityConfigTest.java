package dev.camrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security keys: tokens, secrets from files, allow-lists, validation and masking. */
class SecurityConfigTest {

    private static RelayConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(Map.of(), env, new Properties(), args);
    }

    @Test
    void publishTokensPerStreamAndGlobal() {
        RelayConfig c =
                load(
                        Map.of(),
                        "--publish.token=global-secret",
                        "--publish.tokens=cam1=one, cam2=two");
        assertTrue(c.publishAuth());
        assertEquals("global-secret", c.publishToken());
        assertEquals(Map.of("cam1", "one", "cam2", "two"), c.publishTokens());
        assertFalse(load(Map.of()).publishAuth(), "open by default");
    }

    @Test
    void secretsComeFromFilesNamedByTheEnvironment(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("token"), "from-a-docker-secret\n");
        RelayConfig c = load(Map.of("CAMRELAY_PUBLISH_TOKEN_FILE", secret.toString()));
        assertEquals("from-a-docker-secret", c.publishToken());
        ConfigException missing =
                assertThrows(
                        ConfigException.class,
                        () ->
                                load(
                                        Map.of(
                                                "CAMRELAY_PUBLISH_TOKEN_FILE",
                                                dir.resolve("nope").toString())));
        assertTrue(
                missing.getMessage().contains("CAMRELAY_PUBLISH_TOKEN_FILE"), missing.getMessage());
    }

    @Test
    void allowListMatchesAddressesInItsBlocks() throws Exception {
        RelayConfig c = load(Map.of(), "--publish.allow=10.1.0.0/16, 192.168.7.9, 2001:db8::/32");
        List<Cidr> allow = c.publishAllow();
        assertTrue(allow.get(0).contains(InetAddress.getByName("10.1.200.3")));
        assertFalse(allow.get(0).contains(InetAddress.getByName("10.2.0.1")));
        assertTrue(allow.get(1).contains(InetAddress.getByName("192.168.7.9")));
        assertFalse(allow.get(1).contains(InetAddress.getByName("192.168.7.10")));
        assertTrue(allow.get(2).contains(InetAddress.getByName("2001:db8:1::5")));
        assertFalse(
                allow.get(2).contains(InetAddress.getByName("10.1.0.1")),
                "IPv4 never matches an IPv6 block");
        Cidr odd = Cidr.parse("172.16.0.0/12");
        assertTrue(odd.contains(InetAddress.getByName("172.31.255.255")));
        assertFalse(odd.contains(InetAddress.getByName("172.32.0.0")));
    }

    @Test
    void badSecurityValuesNameTheKey() {
        assertTrue(
                assertThrows(
                                ConfigException.class,
                                () -> load(Map.of(), "--publish.allow=not-an-ip"))
                        .getMessage()
                        .contains("publish.allow"));
        assertTrue(
                assertThrows(
                                ConfigException.class,
                                () -> load(Map.of(), "--publish.allow=10.0.0.0/33"))
                        .getMessage()
                        .contains("publish.allow"));
        assertTrue(
                assertThrows(
                                ConfigException.class,
                                () -> load(Map.of(), "--publish.tokens=justaname"))
                        .getMessage()
                        .contains("publish.tokens"));
        assertTrue(
                assertThrows(
                                ConfigException.class,
                                () -> load(Map.of(), "--view.auth=true", "--view.password=pw"))
                        .getMessage()
                        .contains("view.secret"));
        assertTrue(
                assertThrows(
                                ConfigException.class,
                                () ->
                                        load(
                                                Map.of(),
                                                "--view.auth=true",
                                                "--view.secret=0123456789abcdef"))
                        .getMessage()
                        .contains("view.password"));
    }

    @Test
    void theLoggedConfigurationMasksSecrets() {
        RelayConfig c =
                load(
                        Map.of(),
                        "--publish.token=hunter2-token",
                        "--publish.tokens=cam1=cam-secret",
                        "--view.auth=true",
                        "--view.secret=0123456789abcdef-secret",
                        "--view.password=letmein");
        String logged = c.toString();
        for (String secret :
                List.of("hunter2-token", "cam-secret", "0123456789abcdef-secret", "letmein")) {
            assertFalse(logged.contains(secret), "leaked " + secret + " in " + logged);
        }
        assertTrue(logged.contains("cam1"), "stream names are not secret");
    }
}
