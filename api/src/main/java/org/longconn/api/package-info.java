/**
 * The public API of the longconn gateway: what application code compiles against. Business code
 * observes client traffic as CDI events qualified with {@link org.longconn.api.OpType}, pushes to
 * connected clients through {@link org.longconn.api.push.Pusher}, and can refuse handshakes or
 * subscriptions and disconnect sessions. Nothing here depends on a server implementation.
 */
package org.longconn.api;
