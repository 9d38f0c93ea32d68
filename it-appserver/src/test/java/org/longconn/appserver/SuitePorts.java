package org.longconn.appserver;

/** The free ports Maven reserved for the suite's servers ({@code longconn.it.<node>.<name>}). */
final class SuitePorts {

    private SuitePorts() {}

    /** The port reserved for {@code name} (http, admin, iiop, ...) of {@code node}. */
    static int port(String node, String name) {
        String key = "longconn.it." + node + "." + name;
        Integer value = Integer.getInteger(key);
        if (value == null) {
            throw new IllegalStateException(
                    key + " is not set: run the suite through Maven (mvn verify), which reserves the ports");
        }
        return value;
    }
}
