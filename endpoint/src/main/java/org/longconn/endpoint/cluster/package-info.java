/**
 * The cluster seen from one node, through the nodes' control channel on the bus: which nodes are
 * alive (each announces itself every few seconds, so a crashed node drops out by expiry), and
 * requests that every node acts on, such as disconnecting a user everywhere, with each node's
 * answer.
 */
package org.longconn.endpoint.cluster;
