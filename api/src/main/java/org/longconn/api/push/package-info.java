/**
 * Pushes from server code to connected clients: the {@link org.longconn.api.push.Push} value, its
 * {@link org.longconn.api.push.PushTarget} and {@link org.longconn.api.push.PushPayload}, and the
 * {@link org.longconn.api.push.Pusher} bean that hands a push to the gateway's bus, from which every
 * gateway node delivers it to its matching sessions.
 */
package org.longconn.api.push;
