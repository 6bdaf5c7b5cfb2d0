"""In-app notifications, email of direct events, digests and preferences."""
