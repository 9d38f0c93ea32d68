/**
 * Connected sessions, independent of the socket API: the {@link
 * org.longconn.endpoint.session.Transport} seam, each session's bounded single-writer {@link
 * org.longconn.endpoint.session.Outbox}, its inbound limits, and the application-scoped {@link
 * org.longconn.endpoint.session.SessionRegistry}. Routing code reaches sockets only through here.
 */
package org.longconn.endpoint.session;
