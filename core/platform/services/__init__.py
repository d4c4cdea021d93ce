"""Use cases. Plain functions over a session; they commit at the boundary."""
