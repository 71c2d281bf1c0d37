"""Subscribers to the service's events: watchlist matching (alerts written in the chunk's own
transaction) and webhook delivery from the alerts outbox."""
