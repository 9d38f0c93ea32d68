/**
 * The gateway's life on a node: start-up wiring (bus to router, idle reaper), shared JSON-B, and
 * an orderly shutdown that tells every client to reconnect elsewhere.
 */
package org.longconn.endpoint.lifecycle;
