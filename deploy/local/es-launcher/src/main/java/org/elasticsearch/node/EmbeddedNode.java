package org.elasticsearch.node;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;
import java.util.List;

/**
 * A Node built directly from Settings, with plugins taken from the classpath.
 *
 * <p>In package {@code org.elasticsearch.node} because, in ES 8.15.3 (checked with javap), the constructor
 * {@code Node(NodeConstruction)}, {@code static NodeConstruction prepareConstruction(Environment, NodeServiceProvider,
 * boolean)} and the class {@code NodeServiceProvider} with its {@code PluginsService newPluginService(Environment,
 * Settings)} are all package-private. Building a Node this way skips what {@code Elasticsearch.main} does
 * (security manager, jar-hell check, bootstrap checks such as vm.max_map_count or "not as root"), which is what we
 * want for a loopback-only test node.
 */
public class EmbeddedNode extends Node {
    public EmbeddedNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(
            // configPath null: <path.home>/config, which may be absent (no elasticsearch.yml; all settings are ours).
            new Environment(settings, null),
            new NodeServiceProvider() {
                @Override
                PluginsService newPluginService(Environment environment, Settings nodeSettings) {
                    return new ClasspathPluginsService(nodeSettings, List.copyOf(plugins));
                }
            },
            // forbidPrivateIndexSettings, as in a real node
            true));
    }
}
