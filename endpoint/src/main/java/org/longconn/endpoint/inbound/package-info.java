/**
 * What happens to a client frame: limits (rate, size, bad-frame allowance), decoding, heartbeat
 * answers, subscriptions, and CDI dispatch of messages and calls to application observers. One
 * session's frames are handled one at a time on the container's inbound thread; every bad frame
 * gets an answer and nothing thrown here reaches the container.
 */
package org.longconn.endpoint.inbound;
