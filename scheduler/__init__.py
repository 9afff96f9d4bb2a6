"""Reminder policy and the reminder ledger: when to remind, never which chat platform."""
