"""Applicants and their applications (申报): registration, drafts, submission by the deadline, frozen
submitted facts with every version kept, change requests, attachments, local recommendations (推荐),
and screening (资格审查/受理) against the tenant's own records."""
