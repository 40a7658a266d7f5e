package io.github.jpsutil.jconsole.visualvm;

import io.github.jpsutil.jconsole.ProcessesPanel;
import org.graalvm.visualvm.application.Application;
import org.graalvm.visualvm.core.options.GlobalPreferences;
import org.graalvm.visualvm.core.ui.DataSourceView;
import org.graalvm.visualvm.core.ui.DataSourceViewProvider;
import org.graalvm.visualvm.core.ui.components.DataViewComponent;
import org.graalvm.visualvm.tools.jmx.JmxModel;
import org.graalvm.visualvm.tools.jmx.JmxModelFactory;

import javax.swing.SwingWorker;
import javax.swing.Timer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;

/**
 * The "Processes" tab of an application in VisualVM: the JConsole plugin's panel over VisualVM's
 * own JMX connection to it, refreshed at VisualVM's monitoring interval (Options > Polling).
 */
final class ProcessesViewProvider extends DataSourceViewProvider<Application> {
    @Override
    protected boolean supportsViewFor(Application app) {
        JmxModel jmx = JmxModelFactory.getJmxModelFor(app);
        return jmx != null && jmx.getConnectionState() == JmxModel.ConnectionState.CONNECTED;
    }

    @Override
    protected DataSourceView createView(Application app) {
        return new ProcessesView(app, JmxModelFactory.getJmxModelFor(app));
    }

    private static final class ProcessesView extends DataSourceView {
        private final JmxModel jmx;
        private Timer timer;

        ProcessesView(Application app, JmxModel jmx) {
            super(app, "Processes", icon(), 60, false);
            this.jmx = jmx;
        }

        @Override
        protected DataViewComponent createComponent() {
            ProcessesPanel panel = new ProcessesPanel(jmx::getMBeanServerConnection);
            int seconds = Math.max(1, GlobalPreferences.sharedInstance().getMonitoredDataPoll());
            timer = new Timer(seconds * 1000, e -> {
                SwingWorker<?, ?> refresh = panel.refresher();
                if (refresh != null) refresh.execute();
            });
            timer.setInitialDelay(0);
            timer.start();
            return new DataViewComponent(new DataViewComponent.MasterView("Processes",
                    "The host and its descendants, from the jpsutil agent's MBeans", panel),
                    new DataViewComponent.MasterViewConfiguration(true));
        }

        @Override
        protected void removed() {
            if (timer != null) timer.stop();
        }
    }

    /** The tab's icon: a small tree of three boxes. */
    private static Image icon() {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x3465a4));
        g.fillRect(1, 1, 8, 4);
        g.fillRect(6, 7, 8, 3);
        g.fillRect(6, 12, 8, 3);
        g.drawLine(3, 5, 3, 13);
        g.drawLine(3, 8, 6, 8);
        g.drawLine(3, 13, 6, 13);
        g.dispose();
        return img;
    }
}
