-- Orders, their status history and the product catalogue. Times are UTC with millisecond precision.
CREATE TABLE products (
    code        VARCHAR(32)  NOT NULL,
    name        VARCHAR(128) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (code)
);

CREATE TABLE orders (
    reference     CHAR(36)      NOT NULL,
    product_code  VARCHAR(32)   NOT NULL,
    quantity      INT           NOT NULL,
    amount        DECIMAL(12,2) NOT NULL,
    currency      CHAR(3)       NOT NULL,
    customer_id   VARCHAR(64),
    status        VARCHAR(16)   NOT NULL,
    scenario      VARCHAR(64),
    callback_url  VARCHAR(2048) NOT NULL,
    metadata      VARCHAR(8192),
    request_hash  CHAR(64)      NOT NULL,
    trace_id      VARCHAR(128)  NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    updated_at    DATETIME(3)   NOT NULL,
    version       BIGINT        NOT NULL,
    -- The primary key is the idempotency guard: concurrent creates of one reference race here.
    PRIMARY KEY (reference),
    CONSTRAINT fk_orders_product FOREIGN KEY (product_code) REFERENCES products (code)
);

CREATE INDEX ix_orders_status ON orders (status);

CREATE TABLE order_history (
    order_reference  CHAR(36)     NOT NULL,
    seq              INT          NOT NULL,
    from_status      VARCHAR(16),
    to_status        VARCHAR(16)  NOT NULL,
    changed_at       DATETIME(3)  NOT NULL,
    reason           VARCHAR(128) NOT NULL,
    PRIMARY KEY (order_reference, seq),
    CONSTRAINT fk_order_history_order FOREIGN KEY (order_reference) REFERENCES orders (reference)
);
