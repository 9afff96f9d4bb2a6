"""Documents, units, assignments: reading, extraction, search and storage (no chat, no clock)."""
