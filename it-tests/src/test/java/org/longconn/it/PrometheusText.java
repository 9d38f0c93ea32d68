package org.longconn.it;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text-format (0.0.4) scrape, by series: {@code name} or
 * {@code name{label="value",...}} as it is written, labels in the order given. Comments
 * ({@code # HELP}, {@code # TYPE}) and blank lines are skipped; a line that is not a sample fails.
 */
final class PrometheusText {

    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? ([-+0-9.eE]+|NaN|[+-]Inf)( [0-9]+)?");

    private final Map<String, Double> samples = new HashMap<>();

    PrometheusText(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus sample line: '" + line + "'");
            }
            String series = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
            samples.put(series, Double.parseDouble(sample.group(3).replace("Inf", "Infinity")));
        }
    }

    /** The value of {@code series}, or 0 when the scrape does not have it (a counter not yet made). */
    double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /** Whether the scrape has {@code series}. */
    boolean has(String series) {
        return samples.containsKey(series);
    }

    @Override
    public String toString() {
        return samples.toString();
    }
}
