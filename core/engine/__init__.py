"""The rules engine: what a regulation says, as pure functions of their inputs.

Rule versions and their citations, the facts vocabulary, eligibility conditions, weighted totals,
quota allocation, rewards, sanctions, cycle plans, the legal period convention and the working-day
calendar, and the pluggy hook specifications that jurisdiction plugins implement. No database, no
Flask, no clock: the engine imports nothing of the rest of :mod:`core` (a test enforces it), so a
plugin's behaviour can be checked in isolation and the same answer is given to every caller.
Plugins reach it through :mod:`core.sdk` only.
"""
