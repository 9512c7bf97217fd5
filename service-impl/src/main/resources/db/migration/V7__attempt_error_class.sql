-- Issue 10: each failed attempt records a class of error (AttemptError) beside its short message.
-- Rows from before keep their message and have no class.
ALTER TABLE callback_attempts ADD COLUMN error_class VARCHAR(24);
