"""The Zalo Bot Platform adapter: HTTP client, update translation, polling and webhook."""
