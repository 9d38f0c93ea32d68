/**
 * Protocol v1 on the wire (docs/PROTOCOL.md is the authority): inbound JSON frames decoded into
 * {@link org.longconn.endpoint.protocol.InboundFrame} values with precise errors, and outbound
 * frames encoded once into {@link org.longconn.endpoint.protocol.OutboundFrame} values that any
 * number of sessions can send. Knows nothing of sessions or sockets.
 */
package org.longconn.endpoint.protocol;
