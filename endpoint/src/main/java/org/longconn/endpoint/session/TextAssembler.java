package org.longconn.endpoint.session;

/**
 * Joins the parts of one inbound text message, keeping at most the frame limit in memory: once a
 * message grows past the limit its remaining parts are discarded, and the message is reported as
 * oversize when its last part arrives. Used from the session's inbound thread only.
 */
public final class TextAssembler {

    private final int maxChars;
    private final int maxBytes;
    private StringBuilder buffer;
    private boolean oversize;

    /** @param maxBytes the frame limit in UTF-8 bytes */
    public TextAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
        this.maxChars = maxBytes; // a char is at least one UTF-8 byte
    }

    /** What the last call to {@link #append} produced. */
    public enum Result {
        /** More parts follow. */
        INCOMPLETE,
        /** The message is complete: take it with {@link #take()}. */
        COMPLETE,
        /** The message was larger than the limit and has been discarded. */
        OVERSIZE
    }

    public Result append(String part, boolean last) {
        if (!oversize) {
            if (buffer == null && last) {
                buffer = new StringBuilder(part.length());
            } else if (buffer == null) {
                buffer = new StringBuilder();
            }
            if (buffer.length() + part.length() > maxChars) {
                oversize = true;
                buffer = null;
            } else {
                buffer.append(part);
            }
        }
        if (!last) {
            return Result.INCOMPLETE;
        }
        if (oversize) {
            oversize = false;
            return Result.OVERSIZE;
        }
        return Result.COMPLETE;
    }

    /** The completed message; the assembler is then ready for the next one. */
    public String take() {
        String text = buffer.toString();
        buffer = null;
        return text;
    }

    public int maxBytes() {
        return maxBytes;
    }
}
