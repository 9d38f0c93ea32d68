package org.longconn.api.bus;

/**
 * How a push travels on the broker (docs/BUS.md is the full description).
 *
 * <p>Pushes are published to one <b>multicast</b> address (a JMS topic), {@value #DEFAULT_PUSH_ADDRESS}
 * unless configured otherwise. Every gateway node holds its own non-shared subscription on it,
 * so every node receives every push and delivers it to its own matching sessions. A push is a
 * text message whose body is the JSON {@code data} (for JSON payloads) or a bytes message whose
 * body is the payload (for binary ones), with these string properties:
 * <ul>
 *   <li>{@value #OP_TYPE} (required): the exact opType;
 *   <li>{@value #TARGET_USER} (optional): deliver only to this user's sessions;
 *   <li>{@value #TARGET_SESSION} (optional): deliver only to this session;
 *   <li>{@value #ORIGIN_NODE} (optional): the gateway node or service that published it;
 *   <li>{@value #PUBLISHED_AT} (optional, long): publish time in ms since the epoch, else the
 *       broker's timestamp.
 * </ul>
 * At most one of the two targets may be set.
 */
public final class BusFormat {

    /** The default push address (multicast). */
    public static final String DEFAULT_PUSH_ADDRESS = "longconn.push";
    /** Message property: the push's exact opType. */
    public static final String OP_TYPE = "opType";
    /** Message property: target user id. */
    public static final String TARGET_USER = "targetUser";
    /** Message property: target session id. */
    public static final String TARGET_SESSION = "targetSession";
    /** Message property: who published the push. */
    public static final String ORIGIN_NODE = "originNode";
    /** Message property: publish time, milliseconds since the epoch. */
    public static final String PUBLISHED_AT = "publishedAt";

    /**
     * The default sequenced address (multicast; the push address plus {@code .sequenced}),
     * internal to the gateway: one node at a time (the
     * holder of the exclusive subscription {@value #SEQUENCER_SUBSCRIPTION} on the push address)
     * stamps every push with a {@link Position} and republishes it here; every node subscribes
     * here, so all nodes see the same pushes in the same order with the same positions.
     */
    public static final String DEFAULT_SEQUENCED_ADDRESS = DEFAULT_PUSH_ADDRESS + ".sequenced";
    /** The shared, exclusive subscription on the push address that the sequencing node holds. */
    public static final String SEQUENCER_SUBSCRIPTION = "longconn.sequencer";
    /** Sequenced property: the position's epoch. */
    public static final String POSITION_EPOCH = "positionEpoch";
    /** Sequenced property (long): the position's sequence number. */
    public static final String POSITION_SEQ = "positionSeq";

    /**
     * The default inbound address (anycast): client messages and calls of opTypes configured as
     * remote, for services to consume. The body is the client's {@code data} JSON.
     */
    public static final String DEFAULT_INBOUND_ADDRESS = "longconn.inbound";
    /** Inbound property: {@value #KIND_MESSAGE} or {@value #KIND_CALL}. */
    public static final String KIND = "kind";
    /** Value of {@link #KIND} for a fire-and-forget client message. */
    public static final String KIND_MESSAGE = "message";
    /** Value of {@link #KIND} for a client call, which carries JMSReplyTo and JMSCorrelationID. */
    public static final String KIND_CALL = "call";
    /** Inbound property: the client's session id (also usable as a push target). */
    public static final String SESSION_ID = "sessionId";
    /** Inbound property: the client's user id, absent for anonymous sessions. */
    public static final String USER_ID = "userId";
    /** Reply property: an application error code; the reply then fails the call. */
    public static final String ERROR_CODE = "errorCode";
    /** Reply property: the error's message for humans. */
    public static final String ERROR_MESSAGE = "errorMessage";

    private BusFormat() {}
}
