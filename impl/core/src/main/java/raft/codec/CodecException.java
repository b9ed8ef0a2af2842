package raft.codec;

/** A buffer that does not hold a well-formed encoding; the message says what was expected where. */
public final class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }
}
