"""Edges and process wiring: command line, configuration, Telegram, Zalo and console adapters."""
