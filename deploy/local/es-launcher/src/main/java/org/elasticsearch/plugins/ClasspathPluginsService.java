package org.elasticsearch.plugins;

import org.elasticsearch.Version;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.jdk.ModuleQualifiedExportsService;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A PluginsService whose plugins are classes already on the classpath, instead of bundles unpacked under
 * modules/ and plugins/ (we have no ES distribution, only Maven Central jars).
 *
 * <p>It lives in {@code org.elasticsearch.plugins} because what it needs is package-private in ES 8.15.3
 * (checked with javap): {@code static Plugin loadPlugin(Class, Settings, Path)},
 * {@code static void loadExtensions(Collection<LoadedPlugin>)} and the record
 * {@code LoadedPlugin(PluginDescriptor, Plugin, ClassLoader, ModuleLayer)}. This works because the launcher runs
 * on the classpath, where all ES jars share the unnamed module, so a split package is allowed.
 */
public class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> plugins;

    public ClasspathPluginsService(Settings settings, Collection<Class<? extends Plugin>> pluginClasses) {
        // configPath, modulesDirectory, pluginsDirectory: all null, so the super constructor loads no bundles.
        super(settings, null, null, null);
        List<LoadedPlugin> loaded = new ArrayList<>(pluginClasses.size());
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin plugin = loadPlugin(pluginClass, settings, null);
            // 12-arg constructor of 8.15: name, description, version, elasticsearchVersion, javaVersion, classname,
            // moduleName, extendedPlugins, hasNativeController, isLicensed, isModular, isStable.
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(), "classpath plugin", "NA", Version.CURRENT.toString(), "17",
                pluginClass.getName(), null, List.of(), false, false, false, false);
            loaded.add(new LoadedPlugin(descriptor, plugin, Thread.currentThread().getContextClassLoader(), ModuleLayer.boot()));
        }
        // Wires ExtensiblePlugin extensions (SPI) between the loaded plugins, as the super constructor does for bundles.
        loadExtensions(loaded);
        this.plugins = List.copyOf(loaded);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return plugins;
    }

    /**
     * The default registers qualified exports of the named {@code org.elasticsearch.server} module; on the classpath
     * the server is in the unnamed module, so there is nothing to register. (Called from the super constructor.)
     */
    @Override
    protected void addServerExportsService(Map<String, List<ModuleQualifiedExportsService>> qualifiedExports) {
    }
}
