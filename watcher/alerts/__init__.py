"""Alert channels and how a development is worded for people."""
