"""News subscriptions: double opt-in, one-click unsubscribe (RFC 8058),
bounces and complaints, the subscribers' admin (a nested app, label
``subscriptions``)."""
