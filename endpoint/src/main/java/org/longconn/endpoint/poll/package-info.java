/**
 * The HTTP polling transport, for clients that cannot hold a socket. It keeps no state between
 * requests: every poll carries its opTypes and positions, is answered from the node's push
 * history, and waits (long-poll) on {@link org.longconn.endpoint.fanout.WaitingPolls} when the
 * history has nothing for it yet. Any node answers any poll, because positions mean the same on
 * every node.
 */
package org.longconn.endpoint.poll;
