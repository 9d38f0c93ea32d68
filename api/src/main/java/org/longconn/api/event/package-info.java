/**
 * CDI events fired by the gateway. Session lifecycle events ({@link
 * org.longconn.api.event.SessionOpened}, {@link org.longconn.api.event.SessionClosed}) are
 * unqualified; client traffic ({@link org.longconn.api.event.ClientMessage}, {@link
 * org.longconn.api.event.ClientCall}) and the refusable hooks ({@link
 * org.longconn.api.event.SubscriptionRequest}, {@link org.longconn.api.event.HandshakeRequest})
 * are described on each type. All are fired synchronously; a session's inbound frames are
 * processed one at a time, in order, so observers see one session's traffic serially. The CDI
 * request context is active while observers run.
 */
package org.longconn.api.event;
