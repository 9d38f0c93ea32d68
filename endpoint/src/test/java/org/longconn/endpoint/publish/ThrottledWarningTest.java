package org.longconn.endpoint.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThrottledWarningTest {

    private final Logger log = Logger.getLogger(ThrottledWarningTest.class.getName());
    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final AtomicLong clock = new AtomicLong(1_000);
    private final ThrottledWarning warning = new ThrottledWarning(log, 10, TimeUnit.SECONDS, clock::get);

    @BeforeEach
    void capture() {
        log.setUseParentHandlers(false);
        log.addHandler(capture);
    }

    @AfterEach
    void release() {
        log.removeHandler(capture);
        log.setUseParentHandlers(true);
    }

    @Test
    void theFirstIsLoggedAtOnceAndTheRestOncePerIntervalWithTheirCount() {
        warning.warn("refused 1");
        warning.warn("refused 2");
        warning.warn("refused 3");
        assertEquals(List.of("refused 1"), lines);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        warning.warn("refused 4");
        warning.warn("refused 5");
        assertEquals(List.of("refused 1", "refused 4 (and 2 more like it since the previous such line)"), lines);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        warning.warn("refused 6");
        assertEquals("refused 6 (and 1 more like it since the previous such line)", lines.get(2));

        clock.addAndGet(TimeUnit.SECONDS.toNanos(30));
        warning.warn("refused 7");
        assertEquals("refused 7", lines.get(3));
    }
}
