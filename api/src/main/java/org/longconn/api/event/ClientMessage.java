package org.longconn.api.event;

/**
 * A fire-and-forget {@code message} frame from a client. Fired synchronously with the qualifier
 * {@link org.longconn.api.OpType @OpType(opType)}:
 *
 * <pre>{@code
 * void onSend(@Observes @OpType("chat.send") ClientMessage message) {
 *     ChatLine line = message.data(ChatLine.class);
 * }
 * }</pre>
 *
 * A message no observer receives is dropped without an answer (the client asked for none); an
 * exception from an observer is logged and the session stays open.
 */
public interface ClientMessage extends ClientTraffic {}
