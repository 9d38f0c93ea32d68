/**
 * The node's metrics (Micrometer): the meters, counted where things happen, scraped as Prometheus
 * text by the admin package's {@code /longconn/metrics}. Meters on the delivery path are counted
 * once per push, never per delivery, and never take a lock.
 */
package org.longconn.endpoint.metrics;
