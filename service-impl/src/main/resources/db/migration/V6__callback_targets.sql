-- Issue 9: delivery is fair per target (scheme://host:port) and each target has a circuit breaker.
-- target_key is written by the service (CallbackTarget.keyOf); rows from before are keyed here by the
-- URL's scheme and authority. circuit_held_since is set while an event waits for its target's breaker.
ALTER TABLE callback_outbox ADD COLUMN target_key VARCHAR(300);
ALTER TABLE callback_outbox ADD COLUMN circuit_held_since DATETIME(3);
UPDATE callback_outbox SET target_key = COALESCE(
    LOWER(REGEXP_SUBSTR(target_url, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*')), SUBSTRING(target_url, 1, 300));
CREATE INDEX ix_outbox_target ON callback_outbox (status, target_key, next_attempt_at, created_at, order_reference, sequence);
