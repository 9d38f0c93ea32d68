/**
 * The Artemis bridge: connects a gateway node to the broker, holds the node's one non-shared
 * subscription on the push address, decodes each push once per node, and publishes with {@link
 * org.longconn.api.bus.PushPublisher}. Reconnects on its own with backoff, so the node keeps
 * serving its WebSocket sessions while the broker is away. Knows nothing of the gateway's
 * sessions: it hands pushes to a {@link org.longconn.bridge.ArtemisBridge.Listener}.
 */
package org.longconn.bridge;
