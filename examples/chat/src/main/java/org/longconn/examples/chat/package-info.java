/**
 * A worked example of the gateway's extension model: a chat whose handlers are plain CDI beans in
 * the application's own WAR, which carries the gateway WAR as a Maven overlay. Handlers and the
 * gateway are one module, so the gateway's events reach the handlers and the handlers get the
 * gateway's {@link org.longconn.api.push.Pusher}.
 */
package org.longconn.examples.chat;
