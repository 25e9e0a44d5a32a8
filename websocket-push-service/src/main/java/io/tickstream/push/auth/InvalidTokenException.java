package io.tickstream.push.auth;

/** A token refused at the handshake; the message is safe to show the client. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
