package org.longconn.endpoint.scheduling;

import java.lang.reflect.Constructor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes the writer thread a Grizzly worker thread with a memory pool of its own, where Grizzly is
 * the container's I/O layer (GlassFish). Grizzly pools the buffers of a write per thread, but only
 * on its own worker threads: on any other thread every frame written allocates a fresh buffer of
 * the output buffer's size. A profile of the publish benchmark put 19 % of the gateway's CPU
 * there. Grizzly's classes are looked up by name, so the gateway still runs without them, on
 * plain threads.
 */
final class PooledWriterThreads {

    private static final Logger LOG = Logger.getLogger(PooledWriterThreads.class.getName());

    private PooledWriterThreads() {}

    /**
     * A Grizzly worker thread running {@code task}, or {@code null} where Grizzly's classes are
     * not visible from {@code loader}; the caller names it, makes it a daemon and sets its loader.
     */
    static Thread newThread(Runnable task, String name, ClassLoader loader) {
        Worker worker = Worker.find(loader);
        return worker == null ? null : worker.newThread(task, name);
    }

    /** Grizzly's worker thread class and what its constructor needs. */
    private record Worker(Constructor<?> constructor, Object attributes, Object memoryManager) {

        static Worker find(ClassLoader loader) {
            try {
                Class<?> workerClass =
                        Class.forName("org.glassfish.grizzly.threadpool.DefaultWorkerThread", false, loader);
                Class<?> attributeBuilder =
                        Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", false, loader);
                Class<?> threadLocalPool = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", false, loader);
                Class<?> memoryManager = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
                Object attributes =
                        attributeBuilder.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
                Object manager =
                        memoryManager.getField("DEFAULT_MEMORY_MANAGER").get(null);
                Constructor<?> constructor =
                        workerClass.getConstructor(attributeBuilder, String.class, threadLocalPool, Runnable.class);
                return new Worker(constructor, attributes, manager);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                LOG.log(Level.FINE, "no Grizzly worker threads here; the writer is a plain thread", e);
                return null;
            }
        }

        Thread newThread(Runnable task, String name) {
            try {
                Object pool = memoryManager
                        .getClass()
                        .getMethod("createThreadLocalPool")
                        .invoke(memoryManager);
                return (Thread) constructor.newInstance(attributes, name, pool, task);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "cannot make a Grizzly worker thread; a plain one writes", e);
                return null;
            }
        }
    }
}
