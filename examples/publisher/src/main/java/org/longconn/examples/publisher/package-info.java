/**
 * An enterprise service deployed on its own, next to the gateway, talking to it only through the
 * broker (docs/BUS.md): an EJB timer publishing pushes with {@link org.longconn.api.bus.PushPublisher},
 * and an EJB-hosted JMS listener answering the client calls the gateway forwards.
 */
package org.longconn.examples.publisher;
