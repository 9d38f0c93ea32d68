package org.longconn.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * CDI qualifier naming the opType (message type) an event belongs to.
 *
 * <p>The gateway fires {@link org.longconn.api.event.ClientMessage}, {@link
 * org.longconn.api.event.ClientCall} and {@link org.longconn.api.event.SubscriptionRequest}
 * events with this qualifier, so an observer declared as
 *
 * <pre>{@code
 * void onSend(@Observes @OpType("chat.send") ClientMessage message) { ... }
 * }</pre>
 *
 * receives only {@code chat.send} messages, while an observer without the qualifier receives
 * every opType. The value is an exact opType, never a pattern.
 */
@Qualifier @Documented
@Retention(RUNTIME)
@Target({METHOD, FIELD, PARAMETER, TYPE})
public @interface OpType {

    /** The exact opType, for example {@code "chat.send"}. */
    String value();

    /** Literal for firing and selecting events programmatically. */
    final class Literal extends AnnotationLiteral<OpType> implements OpType {
        private static final long serialVersionUID = 1L;

        private final String value;

        private Literal(String value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        /** Returns the qualifier instance for {@code opType}. */
        public static Literal of(String opType) {
            return new Literal(opType);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
