-- Exactly-once tool execution across instances: a turn is run by the one instance that claimed it (owner),
-- for as long as that instance renews its lease. A lease that runs out means the owner died: the turn is
-- recovered (failed with a reason, or handed back to whoever decides its approval).
ALTER TABLE tool_turns ADD COLUMN owner TEXT;
ALTER TABLE tool_turns ADD COLUMN lease_until INTEGER;
ALTER TABLE tool_turns ADD COLUMN failure TEXT;
CREATE INDEX tool_turns_lease ON tool_turns (status, lease_until);
