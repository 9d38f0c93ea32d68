/**
 * Recent pushes per opType (and per user for user-targeted pushes), kept on every node in the
 * cluster's order, so that a client that reconnects — to this node or another — can be given
 * what it missed after its last position, or be told plainly that it cannot.
 */
package org.longconn.endpoint.history;
