package org.longconn.client;

import java.util.Arrays;

/**
 * A push as the client receives it.
 *
 * @param opType the push's exact opType
 * @param timestamp when it was published, ms since the epoch
 * @param dataJson the JSON data for JSON pushes, else {@code null}
 * @param binary the payload of binary pushes, else {@code null}
 * @param position its position in the gateway's sequence (what a resume starts after), or
 *     {@code null} from a gateway that gives none
 */
public record ReceivedPush(String opType, long timestamp, String dataJson, byte[] binary, String position) {

    /** A push without position. */
    public ReceivedPush(String opType, long timestamp, String dataJson, byte[] binary) {
        this(opType, timestamp, dataJson, binary, null);
    }

    public boolean isBinary() {
        return binary != null;
    }

    @Override
    public String toString() {
        return "ReceivedPush[" + opType + ", " + (isBinary() ? binary.length + " bytes" : dataJson) + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReceivedPush that
                && opType.equals(that.opType)
                && timestamp == that.timestamp
                && java.util.Objects.equals(dataJson, that.dataJson)
                && Arrays.equals(binary, that.binary);
    }

    @Override
    public int hashCode() {
        return opType.hashCode() * 31 + Long.hashCode(timestamp);
    }
}
