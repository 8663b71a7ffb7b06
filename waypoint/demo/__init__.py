"""The demo network and its made-up history, for `make run` and for trying Waypoint.

This app sits on top: it writes through every domain app's services, and nothing
imports it (only tests and the ``seed_demo`` command)."""
