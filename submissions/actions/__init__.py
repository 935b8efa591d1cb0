"""Every write to submissions: intake (the public form, the API, replies), processing
(the background work), moderation (the decisions) and contact keys."""
