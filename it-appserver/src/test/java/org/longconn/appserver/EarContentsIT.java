package org.longconn.appserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * What {@code longconn.ear} carries, as the README lists it: the gateway WAR at {@code /longconn}
 * with the bus bridge and the Artemis client inside (one class loader, one CDI bean archive set
 * for the gateway's beans and observers), the {@code api} jar in {@code lib/} for other modules,
 * and nothing the server provides: no Jakarta API jar, no CDI, JSON or WebSocket implementation.
 */
class EarContentsIT {

    @Test
    void theEarHoldsTheGatewayWarAndTheApiJarAndNothingTheServerProvides() throws IOException {
        try (ZipFile ear = new ZipFile(new File(System.getProperty("longconn.ear")))) {
            String application = new String(
                    ear.getInputStream(ear.getEntry("META-INF/application.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(application.contains("<web-uri>longconn.war</web-uri>"), application);
            assertTrue(application.contains("<context-root>/longconn</context-root>"), application);
            assertTrue(ear.getEntry("lib/longconn-api.jar") != null, "lib/longconn-api.jar");

            List<String> libraries = warLibraries(ear.getInputStream(ear.getEntry("longconn.war")));
            assertTrue(
                    libraries.stream().anyMatch(jar -> jar.startsWith("longconn-bus-bridge-")), libraries.toString());
            assertTrue(
                    libraries.stream().anyMatch(jar -> jar.startsWith("artemis-jakarta-client-")),
                    libraries.toString());
            assertEquals(
                    List.of(),
                    libraries.stream()
                            .filter(jar -> jar.startsWith("jakarta.")
                                    || jar.startsWith("weld")
                                    || jar.startsWith("yasson")
                                    || jar.startsWith("parsson")
                                    || jar.startsWith("tyrus")
                                    || jar.startsWith("longconn-api"))
                            .toList(),
                    "jars the server (or the EAR's lib/) already provides");
        }
    }

    private static List<String> warLibraries(InputStream war) throws IOException {
        List<String> libraries = new ArrayList<>();
        try (ZipInputStream entries = new ZipInputStream(war)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                if (entry.getName().startsWith("WEB-INF/lib/")
                        && entry.getName().endsWith(".jar")) {
                    libraries.add(entry.getName().substring("WEB-INF/lib/".length()));
                }
            }
        }
        return libraries;
    }
}
