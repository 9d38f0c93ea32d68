/**
 * An enterprise service deployed on its own, next to the gateway, talking to it only through the
 * broker (docs/BUS.md): an EJB timer publishing pushes with {@link org.longconn.api.bus.PushPublisher},
 * and a message-driven bean answering the client calls the gateway forwards, delivered by
 * Artemis's resource adapter. Deployed as {@code examples/publisher-app} (publisher.ear), which
 * carries the adapter.
 */
package org.longconn.examples.publisher;
