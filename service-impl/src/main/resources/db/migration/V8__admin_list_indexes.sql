-- Issue 12: the admin lists (GET /v1/admin/orders, GET /v1/admin/callbacks) read newest first by keyset.
-- Each filter's index is led by its column and ends in the sort key, so a page is one index range scan,
-- read backwards, whatever the number of rows.
CREATE INDEX ix_orders_created ON orders (created_at, reference);
CREATE INDEX ix_orders_status_created ON orders (status, created_at, reference);
DROP INDEX ix_orders_status ON orders;
CREATE INDEX ix_orders_scenario_created ON orders (scenario, created_at, reference);
CREATE INDEX ix_orders_product_created ON orders (product_code, created_at, reference);
CREATE INDEX ix_orders_customer_created ON orders (customer_id, created_at, reference);
CREATE INDEX ix_orders_trace_created ON orders (trace_id, created_at, reference);
CREATE INDEX ix_outbox_created ON callback_outbox (created_at, order_reference, sequence);
CREATE INDEX ix_outbox_status_created ON callback_outbox (status, created_at, order_reference, sequence);
