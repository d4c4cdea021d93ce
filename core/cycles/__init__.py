"""Award cycles (评选周期/届): opening a cycle on a pinned rule version, its stages from the
jurisdiction's cycle plan, the dates the office sets and the dates the regulation fixes, and the
audited moves from one stage to the next (or back, with a reason)."""
