"""Platform-neutral conversation: a message in, replies out."""
