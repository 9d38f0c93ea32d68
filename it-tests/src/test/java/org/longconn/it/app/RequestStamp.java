package org.longconn.it.app;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** A request-scoped bean: a new stamp per request context, proving one is active per event. */
@RequestScoped
public class RequestStamp {

    private final String value = UUID.randomUUID().toString();

    public String value() {
        return value;
    }
}
