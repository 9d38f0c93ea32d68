/**
 * Server-side control of client sessions: {@link org.longconn.api.session.SessionControl} to
 * disconnect a session or all sessions of a user, the {@link org.longconn.api.session.Disconnect}
 * advice sent to the client, and the gateway's {@link org.longconn.api.session.CloseCodes}.
 */
package org.longconn.api.session;
