package com.qwire.mock.order.domain;

/**
 * Why a callback attempt failed, as the journal shows it: a class and a short message of ours, never
 * the network library's text (which named addresses and told open ports from closed ones in detail).
 * The dispatch log keeps the full exception for operators.
 */
public enum AttemptError {
    /** The target answered with a non-2xx status. */
    HTTP_STATUS,
    /** Nothing listens on the target's port. */
    CONNECTION_REFUSED,
    /** No complete answer within the attempt's deadline (connect included). */
    TIMEOUT,
    /** The host name did not resolve. */
    DNS,
    /** The TLS handshake failed (certificate, protocol). */
    TLS,
    /** The connection broke or closed before a whole answer came (reset, unreachable, not HTTP). */
    CONNECTION_ERROR,
    /** The callback URL policy refuses the target's resolved address; never retried. */
    DENIED
}
