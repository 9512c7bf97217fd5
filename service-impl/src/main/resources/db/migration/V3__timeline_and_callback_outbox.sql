-- The order timeline and the callback outbox (see specs/callback-policy.md).

-- Each due status change of an order. The runner claims due rows, applies them through the
-- state machine and writes the callback event, all in one transaction.
CREATE TABLE order_transitions (
    id               CHAR(36)     NOT NULL,
    order_reference  CHAR(36)     NOT NULL,
    target_status    VARCHAR(16)  NOT NULL,
    reason           VARCHAR(128) NOT NULL,
    due_at           DATETIME(3)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    applied_at       DATETIME(3),
    PRIMARY KEY (id),
    CONSTRAINT fk_transitions_order FOREIGN KEY (order_reference) REFERENCES orders (reference)
);
CREATE INDEX ix_transitions_due ON order_transitions (status, due_at);

-- One row per callback event: written with the status change, delivered at least once,
-- never deleted (dead letters stay).
CREATE TABLE callback_outbox (
    event_id          CHAR(36)      NOT NULL,
    order_reference   CHAR(36)      NOT NULL,
    sequence          BIGINT        NOT NULL,
    event_type        VARCHAR(64)   NOT NULL,
    order_status      VARCHAR(16)   NOT NULL,
    payload           MEDIUMTEXT    NOT NULL,
    target_url        VARCHAR(2048) NOT NULL,
    trace_id          VARCHAR(128)  NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    attempts          INT           NOT NULL,
    manual            BOOLEAN       NOT NULL,
    next_attempt_at   DATETIME(3)   NOT NULL,
    locked_by         VARCHAR(64),
    locked_until      DATETIME(3),
    last_attempt_at   DATETIME(3),
    last_status_code  INT,
    created_at        DATETIME(3)   NOT NULL,
    delivered_at      DATETIME(3),
    dead_lettered_at  DATETIME(3),
    PRIMARY KEY (event_id),
    CONSTRAINT uq_outbox_order_sequence UNIQUE (order_reference, sequence),
    CONSTRAINT fk_outbox_order FOREIGN KEY (order_reference) REFERENCES orders (reference)
);
CREATE INDEX ix_outbox_due ON callback_outbox (status, next_attempt_at);

-- Every delivery attempt, for the journal (GET /v1/admin/callbacks).
CREATE TABLE callback_attempts (
    event_id         CHAR(36)     NOT NULL,
    attempt          INT          NOT NULL,
    trigger_kind     VARCHAR(16)  NOT NULL,
    started_at       DATETIME(3)  NOT NULL,
    duration_ms      BIGINT       NOT NULL,
    response_status  INT,
    outcome          VARCHAR(16)  NOT NULL,
    error            VARCHAR(512),
    next_attempt_at  DATETIME(3),
    PRIMARY KEY (event_id, attempt),
    CONSTRAINT fk_attempts_outbox FOREIGN KEY (event_id) REFERENCES callback_outbox (event_id)
);
