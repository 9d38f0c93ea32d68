/**
 * Gateway settings: limits, timeouts and queue sizes, read once at deployment from system
 * properties, environment variables and an optional {@code longconn.properties} resource.
 */
package org.longconn.endpoint.config;
