"""Public notices (公示) of a cycle's lists, and the objections (异议) filed against them."""
