/**
 * Fan-out: turns one push from the bus into one encoded frame and offers it to the outbox of every
 * matching session on this node. Never blocks and never imports the socket API; a failing session
 * is skipped and logged, and delivery goes on for the others.
 */
package org.longconn.endpoint.fanout;
