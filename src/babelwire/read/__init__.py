"""Read models for the CLI, API and web pages."""
