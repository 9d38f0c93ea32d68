/**
 * Presence: the users subscribed to an opType across the cluster ({@link
 * org.longconn.api.presence.Presence}); their joins and leaves are the events {@link
 * org.longconn.api.event.PresenceJoined} and {@link org.longconn.api.event.PresenceLeft}.
 */
package org.longconn.api.presence;
