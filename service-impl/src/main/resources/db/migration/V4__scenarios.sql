-- Scenarios (specs/scenario-format.md): each order keeps its plan — the chosen scenario's steps with
-- every wait already drawn — so its timeline is fixed at acceptance and survives restarts.
ALTER TABLE orders ADD COLUMN plan MEDIUMTEXT;

-- Which plan step a due transition is (NULL: not from the plan, e.g. an out-of-stock failure).
ALTER TABLE order_transitions ADD COLUMN plan_step INT;

-- A scenario may ask for a duplicate delivery: after a successful one, the same event goes out again.
ALTER TABLE callback_outbox ADD COLUMN extra_deliveries INT NOT NULL DEFAULT 0;
