package org.longconn.api.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void threadsAreDaemonsNamedInTurnWithTheLoaderOfTheirMaker() throws Exception {
        try (URLClassLoader application = new URLClassLoader(new URL[0])) {
            Thread self = Thread.currentThread();
            ClassLoader before = self.getContextClassLoader();
            DaemonThreads threads;
            self.setContextClassLoader(application);
            try {
                threads = new DaemonThreads("longconn-test");
            } finally {
                self.setContextClassLoader(before);
            }
            Thread first = threads.newThread(() -> {});
            Thread second = threads.newThread(() -> {});
            assertEquals("longconn-test-1", first.getName());
            assertEquals("longconn-test-2", second.getName());
            assertTrue(first.isDaemon());
            assertSame(application, first.getContextClassLoader(), "the loader of the thread that made the factory");
            assertEquals(
                    "longconn-one", threads.newThread(() -> {}, "longconn-one").getName());
        }
    }

    @Test
    void aMakerMayBringItsOwnThreadClassOrLeaveItToAPlainOne() {
        class Special extends Thread {
            Special(Runnable task, String name) {
                super(task, name);
            }
        }
        DaemonThreads special = new DaemonThreads("w", null, Special::new);
        Thread made = special.newThread(() -> {});
        assertTrue(made instanceof Special);
        assertTrue(made.isDaemon());

        DaemonThreads declining = new DaemonThreads("w", null, (task, name) -> null);
        assertEquals(Thread.class, declining.newThread(() -> {}).getClass());
    }
}
