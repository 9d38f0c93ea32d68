/**
 * The Jakarta WebSocket and Servlet adapters: the {@code /ws} server endpoint, the handshake
 * filter that fires {@link org.longconn.api.event.HandshakeRequest} before the upgrade, and the
 * {@link org.longconn.endpoint.session.Transport} over a WebSocket session. The only package that
 * imports {@code jakarta.websocket}.
 */
package org.longconn.endpoint.web;
