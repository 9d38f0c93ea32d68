package org.longconn.endpoint.web;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ApplicationTaskTest {

    @Test
    void theTaskRunsWithTheApplicationsLoaderAndTheThreadGetsItsOwnBack() throws Exception {
        try (URLClassLoader application = new URLClassLoader(new URL[0]);
                URLClassLoader other = new URLClassLoader(new URL[0])) {
            AtomicReference<ClassLoader> seen = new AtomicReference<>();
            Runnable task = ApplicationTask.of(
                    application, () -> seen.set(Thread.currentThread().getContextClassLoader()));
            // A container thread made by another application, or an earlier deployment.
            AtomicReference<ClassLoader> after = new AtomicReference<>();
            Thread asyncThread = new Thread(() -> {
                task.run();
                after.set(Thread.currentThread().getContextClassLoader());
            });
            asyncThread.setContextClassLoader(other);
            asyncThread.start();
            asyncThread.join(10_000);
            assertSame(application, seen.get());
            assertSame(other, after.get());
        }
    }
}
