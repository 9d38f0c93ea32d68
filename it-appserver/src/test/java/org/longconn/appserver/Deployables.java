package org.longconn.appserver;

import java.io.File;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The artifacts the build made, deployed as they are: nothing from the test class path is added. */
final class Deployables {

    private Deployables() {}

    /** {@code longconn.ear}, the gateway as users deploy it. */
    static EnterpriseArchive gateway() {
        return read(EnterpriseArchive.class, "longconn.ear");
    }

    /**
     * {@code publisher.ear} ({@code examples/publisher-app}): an enterprise service talking to the
     * gateway only through the broker, with Artemis's resource adapter for its message-driven bean.
     */
    static EnterpriseArchive publisher() {
        return read(EnterpriseArchive.class, "longconn.examplePublisherEar");
    }

    private static <T extends Archive<T>> T read(Class<T> type, String property) {
        File file = new File(System.getProperty(property, ""));
        if (!file.isFile()) {
            throw new IllegalStateException(property + " (" + file + ") is missing: build from the root (mvn verify)");
        }
        return ShrinkWrap.createFromZipFile(type, file);
    }
}
