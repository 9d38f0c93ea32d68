package org.longconn.it;

import java.io.File;
import java.net.URI;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.longconn.it.app.TestApp;

/** Test deployments: the WAR built by the endpoint module, plus the test application and settings. */
final class Deployments {

    private Deployments() {}

    /**
     * The gateway WAR with the test application and {@code settings} as its
     * {@code longconn.properties} (lines of {@code name=value}).
     */
    static WebArchive gateway(String settings) {
        return gateway("longconn.war", settings);
    }

    /** The same, as an archive named {@code archiveName}, for a second gateway beside the first. */
    static WebArchive gateway(String archiveName, String settings) {
        File war = new File(System.getProperty("longconn.war", "../endpoint/target/longconn.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(
                    war + " is missing: build the endpoint module first (mvn verify from the root)");
        }
        return ShrinkWrap.create(ZipImporter.class, archiveName)
                .importFrom(war)
                .as(WebArchive.class)
                .addPackage(TestApp.class.getPackage())
                // Undeploys stay fast: no drain window (a test's own setting comes later and wins).
                .addAsResource(new StringAsset("drainWindowMs=0\n" + settings), "longconn.properties");
    }

    static int port() {
        return Integer.parseInt(System.getProperty("longconn.it.httpPort"));
    }

    /** The gateway's WebSocket URI, with an optional query string. */
    static URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + port() + "/longconn/ws" + (query == null ? "" : "?" + query));
    }
}
