package org.longconn.endpoint.session;

/** Sessions for tests outside this package: generous limits, nothing heard at their end. */
public final class TestSessions {

    private TestSessions() {}

    /** A session {@code id} of {@code userId} (may be null) on {@code transport}, closed through {@code closer}. */
    public static GatewaySession open(String id, String userId, Transport transport, GatewaySession.Closer closer) {
        return new GatewaySession(
                id,
                userId,
                transport,
                new GatewaySession.OutboxLimits(100, 100_000),
                new InboundLimiter(10, 10, 0),
                new MessageAssembler(1024),
                closer,
                (session, code, reason) -> {},
                0);
    }
}
