package io.github.jpsutil.jconsole;

import com.sun.tools.jconsole.JConsolePlugin;

import javax.swing.JPanel;
import javax.swing.SwingWorker;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JConsole's entry point (listed in META-INF/services): {@code jconsole -pluginpath jpsutil-jconsole.jar}
 * adds a "Processes" tab to every JVM window. JConsole asks {@link #newSwingWorker} for an update
 * at each of its refresh intervals (option -interval) and runs it off the Swing thread.
 */
public final class ProcessesPlugin extends JConsolePlugin {
    private ProcessesPanel panel;

    @Override
    public synchronized Map<String, JPanel> getTabs() {
        if (panel == null) panel = new ProcessesPanel(() -> getContext().getMBeanServerConnection());
        Map<String, JPanel> tabs = new LinkedHashMap<>();
        tabs.put("Processes", panel);
        return tabs;
    }

    @Override
    public synchronized SwingWorker<?, ?> newSwingWorker() {
        return panel == null ? null : panel.refresher();
    }
}
