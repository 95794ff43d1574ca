package waymark.local.es;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.EmbeddedNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.TransportService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one loopback-only Elasticsearch node for Waymark's local runs and integration tests.
 *
 * <p>Configured by system properties (set by deploy/local/infra.sh):
 * {@code waymark.es.home} (required; data and logs go under it), {@code waymark.es.http.port} (9200),
 * {@code waymark.es.transport.port} (9300). Runs until SIGTERM/SIGINT; a shutdown hook closes the node so that
 * shards are flushed and the data survives a restart.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        // What Elasticsearch.main would do first: route ES's own logging API (org.elasticsearch.logging) to log4j2.
        // Without it the first LogManager.getLogger() throws an NPE (no LoggerFactory provider). log4j2 itself is
        // configured by -Dlog4j2.configurationFile (infra.sh writes a file appender config).
        LogConfigurator.configureESLogging();

        Path home = Path.of(required("waymark.es.home")).toAbsolutePath();
        Path data = home.resolve("data");
        Path logs = home.resolve("logs");
        Files.createDirectories(data);
        Files.createDirectories(logs);

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("cluster.name", "waymark-local")
            .put("node.name", "waymark-es-1")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", System.getProperty("waymark.es.http.port", "9200"))
            .put("transport.port", System.getProperty("waymark.es.transport.port", "9300"))
            // 2-core machines; also sizes the thread pools down
            .put("node.processors", 2)
            // with a small heap the real-memory parent breaker trips on harmless GC timing
            .put("indices.breaker.total.use_real_memory", false)
            // no read-only index blocks when the dev disk is nearly full
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // 8.x defaults to true, which makes DELETE jaeger-* / waymark-* (retention, test cleanup) fail
            .put("action.destructive_requires_name", false)
            // no xpack.* settings: x-pack is not on the classpath, and unknown settings abort startup
            .build();

        Node node;
        try {
            // Netty4Plugin: HTTP + transport. RootInfoPlugin: GET/HEAD / (rest-root module is not on Maven Central).
            node = new EmbeddedNode(settings, List.of(Netty4Plugin.class, RootInfoPlugin.class));
            node.start();
        } catch (Throwable t) {
            // Logged by ES too, but make sure the reason reaches stdout (infra.sh keeps it) and the exit code is non-zero.
            System.err.println("waymark-es: failed to start: " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("waymark-es: shutting down");
            try {
                node.prepareForClose();
                node.close();
                if (!node.awaitClose(20, TimeUnit.SECONDS)) {
                    System.err.println("waymark-es: node did not close within 20 s");
                }
            } catch (Exception e) {
                System.err.println("waymark-es: error while closing: " + e);
            }
            System.out.println("waymark-es: stopped");
            // log4j's own shutdown hook is disabled (-Dlog4j.shutdownHookEnabled=false, as ES does) so that the node
            // can log while it closes; flush and close the appenders ourselves, last.
            org.apache.logging.log4j.LogManager.shutdown();
        }, "waymark-es-shutdown"));

        System.out.println("waymark-es: started, http " + node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress()
            + ", transport " + node.injector().getInstance(TransportService.class).boundAddress().publishAddress());
        new CountDownLatch(1).await(); // keep main alive; the JVM exits on a signal after the hook has run
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing -D" + name);
        }
        return value;
    }
}
