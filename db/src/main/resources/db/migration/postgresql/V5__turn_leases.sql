-- Exactly-once tool execution across instances (twin of the sqlite flavour): a turn is run by the one instance
-- that claimed it (owner), for as long as that instance renews its lease.
ALTER TABLE tool_turns ADD COLUMN owner TEXT;
ALTER TABLE tool_turns ADD COLUMN lease_until BIGINT;
ALTER TABLE tool_turns ADD COLUMN failure TEXT;
CREATE INDEX tool_turns_lease ON tool_turns (status, lease_until);
