"""The outbox: every action others should hear about writes an Event row in its transaction."""
