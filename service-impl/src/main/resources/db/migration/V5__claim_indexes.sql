-- Claims read due rows in index order and stop at their LIMIT. The old indexes covered only
-- (status, due time): the claims' ORDER BY needed a filesort, so every due row was read and locked
-- before the LIMIT applied, and the expired-lease half of the outbox claim scanned every in-flight row.
CREATE INDEX ix_outbox_claim ON callback_outbox (status, next_attempt_at, created_at, order_reference, sequence);
CREATE INDEX ix_outbox_lease ON callback_outbox (status, locked_until);
DROP INDEX ix_outbox_due ON callback_outbox;
CREATE INDEX ix_transitions_claim ON order_transitions (status, due_at, order_reference);
DROP INDEX ix_transitions_due ON order_transitions;
