package org.symple.server.load;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * A server the benchmark deploys the WAR on: how to lay it out and the command that starts it serving that WAR at
 * context root "/". Another server is one more implementation.
 */
interface ServerTarget {

    /** Short name used in options and tables: liberty, wildfly, payara. */
    String name();

    /** HTTP port the server listens on (loopback only). */
    int port();

    /** A WAR and its context root: "/" or "/" followed by the WAR's file name without ".war". */
    record App(File war, String contextRoot) {
    }

    /**
     * Lays out a server that serves the apps under {@code workDir} and returns the command that runs it in the
     * foreground (a script may start the JVM as its child).
     */
    List<String> prepare(List<App> apps, File workDir) throws IOException;

    /** Environment the command needs besides the server settings. */
    default java.util.Map<String, String> environment(File workDir) {
        return java.util.Map.of();
    }
}
