package io.github.jpsutil.jconsole.visualvm;

import org.graalvm.visualvm.application.Application;
import org.graalvm.visualvm.core.ui.DataSourceViewsManager;
import org.openide.modules.ModuleInstall;

/** The module's start and stop in VisualVM (manifest: OpenIDE-Module-Install). */
public final class Installer extends ModuleInstall {
    private static final ProcessesViewProvider PROVIDER = new ProcessesViewProvider();

    @Override
    public void restored() {
        DataSourceViewsManager.sharedInstance().addViewProvider(PROVIDER, Application.class);
    }

    @Override
    public void uninstalled() {
        DataSourceViewsManager.sharedInstance().removeViewProvider(PROVIDER);
    }
}
