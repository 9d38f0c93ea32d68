/**
 * The gateway's bus on the wire, for services that publish pushes without the gateway's code: the
 * address and message properties ({@link org.longconn.api.bus.BusFormat}) and a plain-JMS
 * {@link org.longconn.api.bus.PushPublisher}. docs/BUS.md shows the same format for STOMP and
 * AMQP clients. Also what the gateway's bridge and the Java client share for their own connections:
 * {@link org.longconn.api.bus.Backoff} and {@link org.longconn.api.bus.DaemonThreads}.
 */
package org.longconn.api.bus;
