package org.longconn.it.tx;

import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.longconn.api.OpType;
import org.longconn.api.event.ClientCall;

/** The call {@code test.order} {"opType","n","fail"} runs {@link OrderService#create} and tells how it ended. */
@ApplicationScoped
public class OrderCalls {

    @Inject
    OrderService orders;

    void order(@Observes @OpType("test.order") ClientCall call) {
        JsonObject request =
                Json.createReader(new StringReader(call.dataJson())).readObject();
        try {
            orders.create(request.getString("opType"), request.getInt("n"), request.getBoolean("fail"));
            call.reply(Map.of("committed", true));
        } catch (EJBException e) {
            call.reply(Map.of("committed", false));
        }
    }
}
