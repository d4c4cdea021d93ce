"""What offices open and print: typed Excel workbooks of a cycle, the committee's review report,
and the reports built on them. Lifecycle-level: it reads the cycle, review, notice and award packages."""
