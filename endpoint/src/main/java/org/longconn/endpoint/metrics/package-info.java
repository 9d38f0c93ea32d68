/**
 * The node's metrics (Micrometer, scraped as Prometheus text at {@code /longconn/metrics}): the
 * meters, counted where things happen, and the scrape endpoint. Meters on the delivery path are
 * counted once per push, never per delivery, and never take a lock.
 */
package org.longconn.endpoint.metrics;
