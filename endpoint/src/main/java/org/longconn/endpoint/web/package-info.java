/**
 * The Jakarta WebSocket and Servlet adapters: the {@code /ws} server endpoint, the handshake
 * filter that fires {@link org.longconn.api.event.HandshakeRequest} before the upgrade, the
 * {@link org.longconn.endpoint.session.Transport} over a WebSocket session, and the {@code /poll}
 * servlet of the HTTP polling transport. The only package that imports {@code jakarta.websocket}
 * or {@code jakarta.servlet}.
 */
package org.longconn.endpoint.web;
