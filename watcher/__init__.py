"""Change-monitoring news watcher for the Armenia-Azerbaijan peace process."""

__version__ = "0.1.0"
