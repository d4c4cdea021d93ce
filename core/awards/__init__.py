"""Awards and the tenant's ledger: who won what and when, and who was sanctioned, so eligibility reads
earlier awards and sanctions from the office's own records rather than from the client. Winners of
cycles run before the system are imported from a spreadsheet."""
