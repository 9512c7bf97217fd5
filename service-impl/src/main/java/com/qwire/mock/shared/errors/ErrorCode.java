package com.qwire.mock.shared.errors;

import java.util.Locale;

/**
 * The one error-code catalogue of the platform. {@code specs/error-codes.yaml} is its
 * bilingual, machine-readable twin; a test keeps the two identical.
 */
public enum ErrorCode {
    MALFORMED_JSON(400, "Malformed JSON"),
    VALIDATION_FAILED(400, "Request validation failed"),
    INVALID_PARAMETER(400, "Invalid parameter"),
    MALFORMED_REQUEST(400, "Malformed HTTP request"),
    SIGNATURE_INVALID(401, "Invalid webhook signature"),
    SIGNATURE_EXPIRED(401, "Webhook timestamp outside tolerance"),
    ADMIN_TOKEN_REQUIRED(401, "Admin token required"),
    ORDER_NOT_FOUND(404, "Order not found"),
    RESOURCE_NOT_FOUND(404, "Resource not found"),
    CALLBACK_NOT_FOUND(404, "Callback not found"),
    FAULT_NOT_FOUND(404, "Fault not found"),
    UNKNOWN_PRODUCT(404, "Unknown product"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    IDEMPOTENCY_CONFLICT(409, "Reference already used with a different request"),
    CALLBACK_ALREADY_SCHEDULED(409, "Callback already scheduled"),
    ILLEGAL_TRANSITION(409, "Transition not allowed"),
    LIMIT_REACHED(409, "Limit reached"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    URI_TOO_LONG(414, "Request line too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    PRODUCT_NOT_FOUND(422, "Product not found"),
    PRODUCT_NOT_ORDERABLE(422, "Product not orderable"),
    INVALID_SCENARIO(400, "Invalid scenario"),
    CLOCK_NOT_MANUAL(409, "Clock is not manual"),
    CLOCK_BACKWARDS(409, "Clock cannot go backwards"),
    UNKNOWN_SCENARIO(422, "Unknown scenario"),
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    INJECTED_FAULT(503, "Injected receiver fault"),
    SCENARIO_FAULT(503, "Injected scenario fault"),
    INTERNAL_ERROR(500, "Internal error"),
    DATABASE_UNAVAILABLE(503, "Database unavailable"),
    RECEIVER_UNREACHABLE(502, "Callback server unreachable"),
    HTTP_VERSION_NOT_SUPPORTED(505, "HTTP version not supported");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** RFC 9457 problem type: a URN, so it names the problem without inventing a web address. */
    public String typeUri() {
        return "urn:qwire:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
