-- Issue 8: every claim and every completion rewrote four status-led indexes of the outbox. The lease
-- index (status, locked_until) served only the search for expired leases, among rows IN_FLIGHT — at most
-- the dispatchers' concurrency (64 each) — which ix_outbox_target's status prefix finds as well.
DROP INDEX ix_outbox_lease ON callback_outbox;
