package org.longconn.it.tx;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Map;
import org.longconn.api.push.Pusher;

/**
 * An enterprise service that saves an order and announces it in one container-managed transaction
 * (REQUIRED, the default): the push goes out only if the transaction commits.
 */
@Stateless
public class OrderService {

    @Inject
    Pusher pusher;

    /** Pushes order {@code n} on {@code opType}, then fails when asked to: the transaction rolls back. */
    public void create(String opType, int n, boolean fail) {
        pusher.push(opType, Map.of("n", n));
        if (fail) {
            throw new IllegalStateException("order " + n + " could not be saved");
        }
    }
}
